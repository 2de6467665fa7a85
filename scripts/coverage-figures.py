#!/usr/bin/env python3
"""The corpus figures that docs/coverage.tsv quotes for two requirements left partly checked.

    python3 scripts/coverage-figures.py

- loc-sentence-vs-title-case: certified operation summaries of three words or more written in
  title case (every content word after the first capitalised, two at least) against sentence case.
- loc-no-copy-paste: certified descriptions of three words or more that three or more parameter
  names share within one swagger, with a sample to read.
"""
import collections
import glob
import json
import random
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "PowerPlatformConnectors"
FUNCTION = set("a an the of to in on for and or but with by at from as is are be into over via per vs nor".split())


def swaggers():
    for f in sorted(glob.glob(str(CORPUS / "certified-connectors" / "*" / "apiDefinition.swagger.json"))):
        try:
            yield Path(f).parent.name, json.loads(Path(f).read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError):
            continue


def operations(doc):
    for item in (doc.get("paths") or {}).values():
        if isinstance(item, dict):
            for op in item.values():
                if isinstance(op, dict):
                    yield op


def main():
    title = sentence = mixed = 0
    title_connectors, seen = set(), set()
    shared, shared_connectors = [], set()
    for name, doc in swaggers():
        names_of = collections.defaultdict(set)
        params = list((doc.get("parameters") or {}).values())
        for op in operations(doc):
            params += [p for p in op.get("parameters") or [] if isinstance(p, dict)]
            summary = op.get("summary")
            words = re.findall(r"[A-Za-z][A-Za-z'’-]*", summary) if isinstance(summary, str) else []
            rest = [w for w in words[1:] if w.lower() not in FUNCTION]
            if len(words) < 3 or not rest:
                continue
            seen.add(name)
            caps = [w for w in rest if w[0].isupper() and w[1:].islower()]
            lower = [w for w in rest if w.islower()]
            if len(caps) >= 2 and not lower:
                title += 1
                title_connectors.add(name)
            elif lower and not caps:
                sentence += 1
            else:
                mixed += 1
        for p in params:
            if isinstance(p, dict) and isinstance(p.get("description"), str) and isinstance(p.get("name"), str):
                d = p["description"].strip()
                if len(d.split()) >= 3:
                    names_of[d].add(p["name"].lower())
        for d, names in names_of.items():
            if len(names) >= 3:
                shared.append((name, d[:70], sorted(names)[:5]))
                shared_connectors.add(name)
    print(f"summaries of 3+ words: {title} title case, {sentence} sentence case, {mixed} mixed; "
          f"title case in {len(title_connectors)} of {len(seen)} connectors")
    print(f"descriptions shared by 3+ parameter names: {len(shared)}, in {len(shared_connectors)} connectors; a sample:")
    random.seed(3)
    for row in random.sample(shared, min(10, len(shared))):
        print("  ", row)


if __name__ == "__main__":
    main()
