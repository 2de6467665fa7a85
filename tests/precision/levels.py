#!/usr/bin/env python3
"""Precision per level, on a held-out half of the corpus (issue 14).

Draw:  python3 tests/precision/levels.py draw --half B --seed 41 --per-rule 20 > tests/precision/levels.B.seed41.tsv
Score: python3 tests/precision/levels.py score tests/precision/levels.B.seed41.tsv
       (with several files, a later file's (rule, level) pairs replace an earlier one's: a fresh
       sample of the pairs whose causes were fixed after a round)

`draw` runs every default rule over ../shared/corpus/PowerPlatformConnectors, keeps the findings
of the connectors in the chosen half (`sample.py`'s split: a CRC-32 of the connector folder, so
half A is where rules were tuned and half B is held out), and draws up to `--per-rule` findings of
each (rule, level) pair with a fixed seed. Each row carries the pair's whole count in the half, so
that `score` can weight each pair's precision by how many findings it gives, as a user meets them.
The reviewer fills `label` (TP or FP) and `reason`, following the criteria written at the top of
the file. Build first: cargo build --release
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample import BIN, CORPUS, half_of, strings_of  # noqa: E402

CRITERIA = """\
# Criteria. label TP when the finding is right: what it claims about the file is true, at the place it
# points to, and the level fits the claim:
#  - error: Microsoft's validator or reviewers reject this (the rule's docs give the evidence);
#    a certified connector that merged with it is not a counter-example when the docs say the
#    validator checks changed files only, but a claim about the file that is false is an FP;
#  - warning: a careful connector author would change it before submitting (guidance the docs
#    state as "should", or a real defect that the validator lets through);
#  - note: advice that applies to this string or file (an editor preparing it for translation,
#    or a reviewer, would agree that it is worth a look).
# label FP otherwise: the claim is false (the section, property or word is there; the string is
# correct English; the value is a name, code or literal), or it is about something users never
# see, or the level overstates it. reason: a few words. Context is the string, or the source
# lines around the finding for structural rules."""


def clean(s):
    return s.replace("\t", " ").replace("\n", " \u23ce ").replace("\r", " ")


def context(path, line, cache):
    if not path.lower().endswith((".json", ".md")):
        return ""  # an icon: the message says what was measured
    if path not in cache:
        try:
            with open(path, encoding="utf-8-sig", errors="replace") as f:
                cache[path] = f.read().split("\n")
        except OSError:
            cache[path] = []
    lines = cache[path]
    if not line or not lines:
        return ""
    lo, hi = max(0, line - 3), min(len(lines), line + 2)
    return " | ".join(l.strip()[:160] for l in lines[lo:hi])


def draw(args):
    select = ["--select", args.select] if args.select else []
    out = subprocess.run(
        [BIN, "check", CORPUS, "--format", "json"] + select, capture_output=True, text=True
    ).stdout
    findings = [
        f
        for f in json.loads(out)["findings"]
        if half_of(os.path.relpath(f["file"], CORPUS)) == args.half
    ]
    by_pair = collections.defaultdict(list)
    for f in findings:
        by_pair[(f["rule"], f["level"])].append(f)
    rng = random.Random(args.seed)
    w = sys.stdout
    w.write(
        f"# Precision per level: up to {args.per_rule} findings of each (rule, level) in half "
        f"{args.half} of the corpus ({len(findings)} findings), seed {args.seed}.\n"
    )
    w.write(
        f"# Regenerate: python3 tests/precision/levels.py draw --half {args.half} --seed {args.seed} "
        f"--per-rule {args.per_rule}" + (f" --select {args.select}" if args.select else "") + "\n"
    )
    w.write(CRITERIA + "\n")
    w.write("rule\tlevel\tcount\tfile\tline\tcolumn\tpointer\tmessage\tstring\tcontext\tlabel\treason\n")
    scache, ccache = {}, {}
    for (rule, level) in sorted(by_pair):
        pool = sorted(by_pair[(rule, level)], key=lambda f: (f["file"], f["line"], f["column"], f["message"]))
        pick = pool if len(pool) <= args.per_rule else rng.sample(pool, args.per_rule)
        pick.sort(key=lambda f: (f["file"], f["line"], f["column"]))
        for f in pick:
            rel = os.path.relpath(f["file"], CORPUS)
            text = strings_of(f["file"], scache).get(f["pointer"], "") if f["pointer"] else ""
            w.write(
                "\t".join(
                    [rule, level, str(len(pool)), rel, str(f["line"]), str(f["column"]), f["pointer"],
                     clean(f["message"]), clean(text)[:400], clean(context(f["file"], f["line"], ccache)), "", ""]
                )
                + "\n"
            )


def score(args):
    pairs = collections.defaultdict(lambda: [0, 0, 0])  # (rule, level) -> [count, tp, labelled]
    rows, unlabelled = [], 0
    for path in args.file:
        with open(path, encoding="utf-8") as f:
            lines = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#")]
        head, body = lines[0], [l for l in lines[1:] if len(l) > 1]
        ix = {k: i for i, k in enumerate(head)}
        for key in {(r[ix["rule"]], r[ix["level"]]) for r in body}:
            pairs.pop(key, None)  # a later sample of a pair replaces the earlier one
        rows.extend(body)
        for r in body:
            label = r[ix["label"]].strip().upper()
            p = pairs[(r[ix["rule"]], r[ix["level"]])]
            p[0] = int(r[ix["count"]])
            if label not in ("TP", "FP"):
                unlabelled += 1
                continue
            p[2] += 1
            p[1] += label == "TP"
    print(f"{len(rows)} rows, {unlabelled} unlabelled")
    print(f"{'level':8} {'pairs':>5} {'findings':>9} {'labelled':>8} {'FP':>4} {'weighted precision':>19} {'unweighted':>10}")
    for level in ("error", "warning", "note"):
        ps = {k: v for k, v in pairs.items() if k[1] == level and v[2]}
        total = sum(v[0] for v in ps.values())
        if not total:
            continue
        weighted = sum(v[0] * v[1] / v[2] for v in ps.values()) / total
        lab = sum(v[2] for v in ps.values())
        fp = sum(v[2] - v[1] for v in ps.values())
        print(f"{level:8} {len(ps):5} {total:9} {lab:8} {fp:4} {weighted:18.1%} {1 - fp / lab:10.1%}")
    bad = sorted((k for k, v in pairs.items() if v[2] and v[1] < v[2]), key=lambda k: -pairs[k][0])
    if bad:
        print("\n(rule, level) pairs with false positives: FP/labelled, findings in the half")
        for k in bad:
            c, tp, lab = pairs[k]
            print(f"  {k[0]:36} {k[1]:8} {lab - tp:3}/{lab:<3} {c:7}")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--half", choices=["A", "B"], default="B")
    d.add_argument("--seed", type=int, default=41)
    d.add_argument("--per-rule", type=int, default=20)
    d.add_argument("--select", help="only these rules (comma-separated), default rules or not")
    s = sub.add_parser("score")
    s.add_argument("file", nargs="+")
    args = ap.parse_args()
    draw(args) if args.cmd == "draw" else score(args)


if __name__ == "__main__":
    main()
