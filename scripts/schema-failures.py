#!/usr/bin/env python3
"""How many of the corpus's files break the repository's schemas (figures quoted in
docs/coverage.tsv, schemas/README.md and the meta-apiprops-schema docs).

    python3 scripts/schema-failures.py [--swagger]

Needs the `jsonschema` package (pip install jsonschema). Prints, for apiProperties.json, the
files that break paconn's schema as published and as corrected by
schemas/paconn-apiProperties.corrections.json; with --swagger also the certified swaggers that
break apiDefinition.swagger.schema.json (slow: about two minutes).
"""
import glob
import json
import re
import sys
from pathlib import Path

from jsonschema import validators

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "PowerPlatformConnectors"


def load_jsonc(path):
    text = Path(path).read_text(encoding="utf-8-sig")
    text = re.sub(r"^\s*//.*$", "", text, flags=re.M)
    text = re.sub(r'\s//[^"\n]*$', "", text, flags=re.M)
    return json.loads(text)


def apply(schema, corrections):
    for c in corrections:
        *parent, last = [t.replace("~1", "/").replace("~0", "~") for t in c["path"].split("/")[1:]]
        node = schema
        for t in parent:
            node = node[int(t)] if isinstance(node, list) else node[t]
        if isinstance(node, list) and last == "-":
            node.append(c["value"])
        else:
            node[last] = c["value"]
    return schema


def failing(schema, pattern):
    validator = validators.validator_for(schema)(schema)
    total, bad = 0, []
    for f in sorted(glob.glob(str(CORPUS / pattern))):
        try:
            instance = json.loads(Path(f).read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError):
            continue
        total += 1
        if next(validator.iter_errors(instance), None) is not None:
            bad.append(Path(f).parent.name)
    return total, bad


def main():
    schema = load_jsonc(CORPUS / "schemas" / "paconn-apiProperties.schema.json")
    for kind in ("certified-connectors", "*"):
        total, bad = failing(schema, f"{kind}/*/apiProperties.json")
        print(f"apiProperties.json ({kind}), schema as published: {len(bad)} of {total} fail")
    corrected = apply(schema, json.loads((ROOT / "schemas" / "paconn-apiProperties.corrections.json").read_text()))
    for kind in ("certified-connectors", "*"):
        total, bad = failing(corrected, f"{kind}/*/apiProperties.json")
        print(f"apiProperties.json ({kind}), corrected: {len(bad)} of {total} fail")
    if "--swagger" in sys.argv:
        swagger = load_jsonc(CORPUS / "schemas" / "apiDefinition.swagger.schema.json")
        total, bad = failing(swagger, "certified-connectors/*/apiDefinition.swagger.json")
        print(f"apiDefinition.swagger.json (certified-connectors): {len(bad)} of {total} fail")


if __name__ == "__main__":
    main()
