#!/usr/bin/env python3
"""Draw a fixed-seed random sample of findings of one rule over the corpus, for the precision review
(issue 3). Each row gives the finding and the whole string it was found in, with empty `label` and
`reason` columns for the reviewer.

Usage: python3 tests/precision/sample.py RULE [--n 100] [--seed 3] [--half A|B] > tests/precision/RULE.tsv
Build first: cargo build --release
"""
import argparse
import json
import os
import random
import subprocess
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "target", "release", "connector-lint")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "PowerPlatformConnectors")


def strings_of(path, cache):
    """pointer -> decoded string for one file, from `connector-lint strings`."""
    if path not in cache:
        out = subprocess.run([BIN, "strings", path], capture_output=True, text=True).stdout
        m = {}
        for line in out.splitlines():
            parts = line.split("\t")
            if len(parts) == 4:
                m[parts[2]] = json.loads(parts[3])
        cache[path] = m
    return cache[path]


def binary_args(ap):
    """The options of the recall scripts: the build that lists the strings (`--bin`), and the
    build whose findings are measured (`--check-bin`, by default the same)."""
    ap.add_argument("--bin", default=BIN)
    ap.add_argument("--check-bin", help="measure the findings of this build instead (for a "
                    "baseline); --bin still lists the strings, so both runs measure the same ones")


def half_of(rel):
    """The half ("A" or "B") a finding's connector falls in, for a hold-out review: word lists are
    built from half A only, and the held-out sample is drawn from half B."""
    folder = "/".join(rel.split("/")[:2])
    return "AB"[zlib.crc32(folder.encode()) % 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rule")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--half", choices=["A", "B"], help="only findings of connectors in this half")
    args = ap.parse_args()
    out = subprocess.run(
        [BIN, "check", CORPUS, "--select", args.rule, "--format", "json"],
        capture_output=True, text=True,
    ).stdout
    findings = [f for f in json.loads(out)["findings"] if f["rule"] == args.rule]
    if args.half:
        findings = [f for f in findings if half_of(os.path.relpath(f["file"], CORPUS)) == args.half]
    rng = random.Random(args.seed)
    sample = findings if len(findings) <= args.n else rng.sample(findings, args.n)
    sample.sort(key=lambda f: (f["file"], f["line"], f["column"]))
    cache = {}
    w = sys.stdout
    half = f" --half {args.half}" if args.half else ""
    scope = f" in half {args.half} of the connectors" if args.half else ""
    w.write(f"# Precision sample for {args.rule}: {len(sample)} of {len(findings)} findings{scope}, seed {args.seed}.\n")
    w.write(f"# Regenerate: python3 tests/precision/sample.py {args.rule} --n {args.n} --seed {args.seed}{half}\n")
    w.write("# label: TP when a careful English editor preparing strings for translation would change the flagged\n")
    w.write("# text; FP otherwise (a correct word, a proper name, code, a literal value). reason: a few words.\n")
    w.write("file\tline\tcolumn\tpointer\tmessage\tstring\tlabel\treason\n")
    for f in sample:
        rel = os.path.relpath(f["file"], CORPUS)
        text = strings_of(f["file"], cache).get(f["pointer"], "")
        clean = lambda s: s.replace("\t", " ").replace("\n", " ").replace("\r", " ")
        w.write(f"{rel}\t{f['line']}\t{f['column']}\t{f['pointer']}\t{clean(f['message'])}\t{clean(text)}\t\t\n")


if __name__ == "__main__":
    main()
