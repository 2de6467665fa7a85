#!/usr/bin/env python3
"""Benchmark: `connector-lint diff OLD NEW` (breaking-change detection) against `connector-lint
check` of the same input, measured in the same run. Two cases, the two speed figures of the issue:

1. Largest swagger + random changes. The corpus' largest `apiDefinition.swagger.json` (by bytes,
   among those Python's json can parse) is copied to a temporary folder OLD (with the connector's
   apiProperties.json if any), and to NEW with --changes (default 100) random edits applied with a
   fixed seed (--seed, default 19), chosen at random among the applicable ones: delete an
   operation, delete a response schema property, change a property's `type`, add a required query
   parameter, mark a parameter required, delete a parameter, edit a description, rename a
   definition (and its `$ref`s). NEW is written with json.dump(indent=2). Timed:

       connector-lint diff OLD/apiDefinition.swagger.json NEW/apiDefinition.swagger.json --format json -o /dev/null
       connector-lint check NEW/apiDefinition.swagger.json --format json -o /dev/null

   Target: diff < 3 x check. The number of findings is `summary.findings` of one extra diff run.

2. Corpus against a reformatted copy. The whole corpus tree is copied to a temporary folder, every
   `*.json` file that Python's json can parse rewritten with its keys sorted (sort_keys=True) and
   re-indented (indent=4), every other file copied byte for byte. Timed:

       connector-lint diff CORPUS COPY --format sarif -o FILE
       connector-lint check CORPUS --format sarif -o FILE          (every default rule)

   Target: diff < 2 x check. Reordering keys and re-indenting change nothing an API user sees, so
   the diff must report no breaking change: the results whose ruleId starts with `bc-` are counted
   from the last diff's SARIF, and the first 20 printed if any (each is a bug).

Each round runs both commands of a case once, as whole processes (start-up included), alternating
which goes first, and records wall time, CPU time (user + system) and peak memory (max RSS), from
wait4. Exit 0 or 1 (findings) is accepted; any other exit code (2: tool error) fails the benchmark.
Prints the medians, the ratios against the targets, the finding counts, and a Markdown line per
case for BENCHMARKS.md. Temporary folders are made under /tmp and removed at the end.

Usage: python3 benches/diff.py [--rounds 9] [--bin BIN] [--corpus DIR] [--seed 19] [--changes 100]
                               [--threads N] [--cases 1,2]
Build first: cargo build --release
"""
import argparse
import copy
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SWAGGER, PROPERTIES = "apiDefinition.swagger.json", "apiProperties.json"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
SCALARS = ("string", "integer", "number", "boolean")
OK = (0, 1)  # 1: findings, accepted

sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no benches/__pycache__ from the import below
from vs_typos import measure  # noqa: E402  (the same wait4 measurement as the other benchmarks)


def run_checked(cmd):
    """One measured run; exits the benchmark (with the tool's stderr) unless the exit code is 0 or 1."""
    wall, cpu, rss, code = measure(cmd)
    if code not in OK:
        err = subprocess.run(cmd, capture_output=True, text=True).stderr.strip()
        sys.exit(f"exit code {code} (tool error): {' '.join(cmd)}\n{err[:2000]}")
    return wall, cpu, rss


def bench(cmds, rounds):
    """Runs each command of the pair once per round, alternating which goes first; returns the
    per-round rows {name: [(wall, cpu, rss)]} and the medians {name: (wall, cpu, rss)}."""
    names = list(cmds)
    for name in names:  # warm the page cache and check that each command runs
        run_checked(cmds[name])
    rows = {name: [] for name in names}
    for i in range(rounds):
        for name in names if i % 2 == 0 else names[::-1]:
            rows[name].append(run_checked(cmds[name]))
    med = {k: tuple(statistics.median(r[j] for r in v) for j in range(3)) for k, v in rows.items()}
    return rows, med


def print_rows(rows, med, shown):
    print(f"  {'command':58} {'wall':>8} {'CPU u+s':>8} {'peak':>7}   wall of each round")
    for name, label in shown:
        w, c, m = med[name]
        each = ", ".join(f"{r[0]:.3f}" for r in rows[name])
        print(f"  {label:58} {w:7.3f}s {c:7.3f}s {m:5.0f}MB   {each}")


def load_json(path):
    """The parsed JSON of a file, or None when Python's json cannot parse it."""
    try:
        with open(path, "rb") as fh:
            return json.loads(fh.read())
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


# ---------------------------------------------------------------- case 1: the random changes

def operations(doc):
    """(path, method, operation) of every operation, in document order."""
    out = []
    paths = doc.get("paths")
    if isinstance(paths, dict):
        for p, item in paths.items():
            if isinstance(item, dict):
                for m, op in item.items():
                    if m.lower() in METHODS and isinstance(op, dict):
                        out.append((p, m, op))
    return out


def escape_pointer(name):
    return name.replace("~", "~0").replace("/", "~1")


def unescape_pointer(token):
    return token.replace("~1", "/").replace("~0", "~")


def resolve_definition(doc, ref):
    """The definition a local `#/definitions/NAME` $ref names, or None."""
    if not isinstance(ref, str) or not ref.startswith("#/definitions/"):
        return None
    name = unescape_pointer(ref[len("#/definitions/"):])
    defs = doc.get("definitions")
    return defs.get(name) if isinstance(defs, dict) else None


def response_properties(doc):
    """(properties dict, name) of every property of a response schema: inline schemas and the
    definitions they refer to, through nested properties, items, allOf and additionalProperties."""
    out, seen = [], set()

    def walk(schema):
        if not isinstance(schema, dict) or id(schema) in seen:
            return
        seen.add(id(schema))
        target = resolve_definition(doc, schema.get("$ref"))
        if target is not None:
            walk(target)
        props = schema.get("properties")
        if isinstance(props, dict):
            for name, sub in props.items():
                out.append((props, name))
                walk(sub)
        for key in ("items", "additionalProperties"):
            walk(schema.get(key))
        for sub in schema.get("allOf") or []:
            walk(sub)

    for _, _, op in operations(doc):
        responses = op.get("responses")
        if isinstance(responses, dict):
            for resp in responses.values():
                if isinstance(resp, dict):
                    walk(resp.get("schema"))
    return out


def dicts(node):
    """Every dict in the document, in document order."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from dicts(v)
    elif isinstance(node, list):
        for v in node:
            yield from dicts(v)


def typed_properties(doc):
    """(property schema) of every schema property anywhere in the document with a scalar `type`."""
    return [
        sub
        for node in dicts(doc)
        if isinstance(node.get("properties"), dict)
        for sub in node["properties"].values()
        if isinstance(sub, dict) and sub.get("type") in SCALARS
    ]


def descriptions(doc):
    """Every dict with a string `description`, in document order."""
    return [node for node in dicts(doc) if isinstance(node.get("description"), str)]


def op_parameters(doc):
    """(operation, index, parameter) of every parameter listed in an operation."""
    out = []
    for _, _, op in operations(doc):
        params = op.get("parameters")
        if isinstance(params, list):
            for i, p in enumerate(params):
                out.append((op, i, p))
    return out


def rename_refs(node, old, new):
    """Rewrites `$ref`s to definition `old` (and into it) to definition `new`; returns the count."""
    n = 0
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and (ref == old or ref.startswith(old + "/")):
            node["$ref"] = new + ref[len(old):]
            n += 1
        for v in node.values():
            n += rename_refs(v, old, new)
    elif isinstance(node, list):
        for v in node:
            n += rename_refs(v, old, new)
    return n


def candidates(doc, kind):
    """The targets an edit of this kind can apply to, in document order (empty: not applicable)."""
    if kind == "delete operation":
        return operations(doc)
    if kind == "delete response property":
        return response_properties(doc)
    if kind == "change property type":
        return typed_properties(doc)
    if kind == "add required query parameter":
        return [op for _, _, op in operations(doc)]
    if kind == "mark parameter required":
        return [(op, i, p) for op, i, p in op_parameters(doc)
                if isinstance(p, dict) and "$ref" not in p and p.get("in") != "path" and not p.get("required")]
    if kind == "delete parameter":
        return op_parameters(doc)
    if kind == "edit description":
        return descriptions(doc)
    if kind == "rename definition":
        defs = doc.get("definitions")
        return list(defs) if isinstance(defs, dict) else []
    raise ValueError(kind)


KINDS = ("delete operation", "delete response property", "change property type",
         "add required query parameter", "mark parameter required", "delete parameter",
         "edit description", "rename definition")


def apply_edit(doc, kind, target, n):
    """Applies edit number n of this kind to the target."""
    if kind == "delete operation":
        path, method, _ = target
        item = doc["paths"][path]
        del item[method]
        if not any(m.lower() in METHODS for m in item):
            del doc["paths"][path]
    elif kind == "delete response property":
        props, name = target
        del props[name]
    elif kind == "change property type":
        old = target["type"]
        target["type"] = {"string": "integer", "integer": "string", "number": "string", "boolean": "string"}[old]
        for key in ("format", "enum", "x-ms-enum", "default", "pattern", "minLength", "maxLength",
                    "minimum", "maximum"):
            target.pop(key, None)  # keywords that made sense only for the old type
    elif kind == "add required query parameter":
        target.setdefault("parameters", []).append({
            "name": f"benchRequired{n}", "in": "query", "required": True, "type": "string",
            "description": "A required parameter added by the diff benchmark.",
            "x-ms-summary": f"Bench required {n}",
        })
    elif kind == "mark parameter required":
        _, _, param = target
        param["required"] = True
    elif kind == "delete parameter":
        op, i, _ = target
        del op["parameters"][i]
        if not op["parameters"]:
            del op["parameters"]
    elif kind == "edit description":
        target["description"] = target["description"].rstrip() + f" Edited by the diff benchmark ({n})."
    elif kind == "rename definition":
        defs = doc["definitions"]
        new_name = f"{target}Renamed{n}"
        # Keep the definitions' order: rebuild the dict with the one key renamed.
        items = [(new_name if k == target else k, v) for k, v in defs.items()]
        defs.clear()
        defs.update(items)
        rename_refs(doc, "#/definitions/" + escape_pointer(target), "#/definitions/" + escape_pointer(new_name))


def mutate(doc, changes, seed):
    """Applies `changes` random edits; returns the count of each kind applied."""
    rng = random.Random(seed)
    counts = {k: 0 for k in KINDS}
    for n in range(1, changes + 1):
        applicable = [(k, c) for k in KINDS for c in [candidates(doc, k)] if c]
        if not applicable:
            break
        kind, cands = rng.choice(applicable)
        apply_edit(doc, kind, rng.choice(cands), n)
        counts[kind] += 1
    return counts


def largest_swagger(corpus):
    """(size, path) of the largest apiDefinition.swagger.json that Python's json can parse."""
    found = []
    for dp, _, fn in os.walk(corpus):
        for f in fn:
            if f == SWAGGER:
                p = os.path.join(dp, f)
                found.append((os.path.getsize(p), p))
    for size, path in sorted(found, reverse=True):
        if load_json(path) is not None:
            return size, path
    sys.exit(f"no {SWAGGER} that Python's json can parse under {corpus}")


def case_swagger(args, tmp, threads):
    size, src = largest_swagger(args.corpus)
    src_dir = os.path.dirname(src)
    old_dir, new_dir = os.path.join(tmp, "old"), os.path.join(tmp, "new")
    for d in (old_dir, new_dir):
        os.makedirs(d)
        if os.path.isfile(os.path.join(src_dir, PROPERTIES)):
            shutil.copyfile(os.path.join(src_dir, PROPERTIES), os.path.join(d, PROPERTIES))
    shutil.copyfile(src, os.path.join(old_dir, SWAGGER))
    doc = copy.deepcopy(load_json(src))
    counts = mutate(doc, args.changes, args.seed)
    with open(os.path.join(new_dir, SWAGGER), "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2)
    old, new = os.path.join(old_dir, SWAGGER), os.path.join(new_dir, SWAGGER)
    cmds = {
        "diff": [args.bin, "diff", old, new, "--format", "json", *threads, "-o", os.devnull],
        "check": [args.bin, "check", new, "--format", "json", *threads, "-o", os.devnull],
    }
    rows, med = bench(cmds, args.rounds)
    report = os.path.join(tmp, "diff.json")
    run_checked([args.bin, "diff", old, new, "--format", "json", *threads, "-o", report])
    with open(report, encoding="utf-8") as fh:
        out = json.load(fh)
    findings = out["summary"]["findings"]
    by_rule = {}
    for f in out.get("findings", []):
        by_rule[f.get("rule")] = by_rule.get(f.get("rule"), 0) + 1

    (dw, dc, dm), (cw, cc, cm) = med["diff"], med["check"]
    ratio = dw / cw
    applied = sum(counts.values())
    print(f"case 1: largest swagger + {applied} random changes (seed {args.seed}): "
          f"{os.path.relpath(src, args.corpus)}, {size:,} bytes; NEW {os.path.getsize(new):,} bytes")
    print("  changes: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print_rows(rows, med, (("diff", "diff OLD NEW --format json -o /dev/null"),
                           ("check", "check NEW --format json -o /dev/null")))
    print(f"  diff/check, wall: {ratio:.2f}x (CPU {dc / cc:.2f}x); target < 3: "
          f"{'met' if ratio < 3 else 'NOT MET'}")
    print(f"  diff findings (summary.findings): {findings}; by rule: "
          + ", ".join(f"{k} {v}" for k, v in sorted(by_rule.items())))
    return {"label": f"largest swagger ({size / 1e6:.1f} MB) + {applied} changes, --format json",
            "diff": med["diff"], "check": med["check"], "ratio": ratio, "target": 3,
            "findings": f"{findings}"}


# ---------------------------------------------------------------- case 2: the reformatted copy

def reformat_tree(src, dst):
    """Copies src to dst, every parseable *.json rewritten with sorted keys and indent=4.
    Returns (rewritten, copied as-is because unparseable, other files)."""
    rewritten = unparseable = other = 0
    for dp, dn, fn in os.walk(src):
        dn.sort()
        rel = os.path.relpath(dp, src)
        out_dir = os.path.normpath(os.path.join(dst, rel))
        os.makedirs(out_dir, exist_ok=True)
        for f in sorted(fn):
            s, d = os.path.join(dp, f), os.path.join(out_dir, f)
            if os.path.islink(s):
                other += 1
                shutil.copyfile(s, d)
                continue
            if f.lower().endswith(".json"):
                data = load_json(s)
                if data is not None:
                    try:
                        text = json.dumps(data, sort_keys=True, indent=4, ensure_ascii=False).encode("utf-8")
                    except UnicodeEncodeError:  # a lone surrogate: keep it escaped
                        text = json.dumps(data, sort_keys=True, indent=4).encode("utf-8")
                    with open(d, "wb") as fh:
                        fh.write(text + b"\n")
                    rewritten += 1
                    continue
                unparseable += 1
            else:
                other += 1
            shutil.copyfile(s, d)
    return rewritten, unparseable, other


def sarif_results(path):
    with open(path, encoding="utf-8") as fh:
        log = json.load(fh)
    return [r for run in log.get("runs", []) for r in run.get("results", [])]


def describe(result):
    loc = ""
    for l in result.get("locations", [])[:1]:
        phys = l.get("physicalLocation", {})
        uri = phys.get("artifactLocation", {}).get("uri", "")
        line = phys.get("region", {}).get("startLine", "")
        loc = f"{uri}:{line}"
    return f"{result.get('ruleId')} {loc} {result.get('message', {}).get('text', '')}"


def case_corpus(args, tmp, threads):
    copy_dir = os.path.join(tmp, "copy")
    start = time.perf_counter()
    rewritten, unparseable, other = reformat_tree(args.corpus, copy_dir)
    made = time.perf_counter() - start
    diff_out, check_out = os.path.join(tmp, "diff.sarif"), os.path.join(tmp, "check.sarif")
    cmds = {
        "diff": [args.bin, "diff", args.corpus, copy_dir, "--format", "sarif", *threads, "-o", diff_out],
        "check": [args.bin, "check", args.corpus, "--format", "sarif", *threads, "-o", check_out],
    }
    rows, med = bench(cmds, args.rounds)
    results = sarif_results(diff_out)
    bc = [r for r in results if str(r.get("ruleId", "")).startswith("bc-")]
    check_results = len(sarif_results(check_out))

    (dw, dc, dm), (cw, cc, cm) = med["diff"], med["check"]
    ratio = dw / cw
    print(f"case 2: corpus against a reformatted copy (sort_keys, indent=4): {rewritten} JSON files "
          f"rewritten, {unparseable} unparseable JSON files and {other} other files copied as-is "
          f"(copy made in {made:.1f} s)")
    print_rows(rows, med, (("diff", "diff CORPUS COPY --format sarif -o FILE"),
                           ("check", "check CORPUS --format sarif -o FILE (every default rule)")))
    print(f"  diff/check, wall: {ratio:.2f}x (CPU {dc / cc:.2f}x); target < 2: "
          f"{'met' if ratio < 2 else 'NOT MET'}")
    print(f"  diff SARIF results: {len(results)}, of which bc-*: {len(bc)} (must be 0); "
          f"check SARIF results: {check_results}")
    if bc:
        print(f"  BUG: {len(bc)} breaking-change findings on a copy that only reorders keys and "
              f"re-indents; the first {min(20, len(bc))}:")
        for r in bc[:20]:
            print("    " + describe(r))
    return {"label": "corpus vs reformatted copy, --format sarif",
            "diff": med["diff"], "check": med["check"], "ratio": ratio, "target": 2,
            "findings": f"{len(bc)} bc-* (of {len(results)} results)"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=9, help="rounds, at least 3 (default 9)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "connector-lint"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "PowerPlatformConnectors"))
    ap.add_argument("--seed", type=int, default=19, help="seed of the random changes (default 19)")
    ap.add_argument("--changes", type=int, default=100, help="random changes in case 1 (default 100)")
    ap.add_argument("--threads", type=int, help="--threads for both commands (default: theirs, one per core)")
    ap.add_argument("--cases", default="1,2", help="cases to run, comma-separated (default 1,2)")
    args = ap.parse_args()
    if args.rounds < 3:
        ap.error("--rounds must be at least 3")
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"no connector-lint binary at {args.bin}: cargo build --release")
    args.corpus = os.path.normpath(os.path.abspath(args.corpus))
    if not os.path.isdir(args.corpus):
        sys.exit(f"no corpus at {args.corpus}")
    cases = {c.strip() for c in args.cases.split(",") if c.strip()}
    threads = ["--threads", str(args.threads)] if args.threads else []
    version = subprocess.run([args.bin, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"corpus: {args.corpus}; {version or args.bin}; rounds: {args.rounds}; cores: {os.cpu_count()}; "
          f"threads: {args.threads or 'default'}; medians")

    lines, failure = [], None
    tmp = tempfile.mkdtemp(prefix="cl-bench-diff-", dir="/tmp")
    try:
        for case, run_case in (("1", case_swagger), ("2", case_corpus)):
            if case in cases:
                os.makedirs(os.path.join(tmp, case))
                try:
                    lines.append(run_case(args, os.path.join(tmp, case), threads))
                except SystemExit as e:  # a tool error: the benchmark fails, after the other case
                    failure = f"case {case} FAILED: {e.code}"
                    print(failure)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    suffix = f" --threads {args.threads}" if args.threads else ""
    print(f"| case{suffix} | diff wall | CPU | peak | check wall | CPU | peak | diff/check | target | findings |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for l in lines:
        (dw, dc, dm), (cw, cc, cm) = l["diff"], l["check"]
        print(f"| {l['label']} | {dw:.3f} s | {dc:.2f} s | {dm:.0f} MB | {cw:.3f} s | {cc:.2f} s | {cm:.0f} MB "
              f"| {l['ratio']:.2f}x | < {l['target']}x {'met' if l['ratio'] < l['target'] else 'NOT MET'} "
              f"| {l['findings']} |")
    if failure:
        sys.exit(failure.splitlines()[0])


if __name__ == "__main__":
    main()
