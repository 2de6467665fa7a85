#!/usr/bin/env python3
"""Benchmark: connector-lint over the whole corpus (all default rules, SARIF output) against a bare
`python3` `json.loads` of the same swagger and apiProperties files, measured in the same run.

Each round runs both commands once, alternating which goes first, as whole processes (start-up
included), and records wall time and peak memory (max RSS, from wait4). Prints the medians, the
ratio, and a Markdown line for BENCHMARKS.md.

Usage: python3 benches/corpus.py [--rounds N] [--corpus DIR] [--format sarif] [-- extra args]
Build first: cargo build --release
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

PY_LOAD = r"""
import json, os, sys
n = 0
for dp, dn, fn in os.walk(sys.argv[1]):
    for f in fn:
        if f.lower() in ("apidefinition.swagger.json", "apiproperties.json"):
            with open(os.path.join(dp, f), "rb") as fh:
                data = fh.read()
            try:
                json.loads(data)
            except ValueError:
                pass
            n += 1
print(n)
"""


def measure(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024.0, code


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "PowerPlatformConnectors"))
    ap.add_argument("--format", default="sarif")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "connector-lint"))
    ap.add_argument("command", nargs="*", default=["check"], help="connector-lint subcommand and extra arguments")
    args = ap.parse_args()
    out = os.path.join(ROOT, "target", "bench-output")
    lint = [args.bin, *args.command, args.corpus, "--format", args.format, "--output", out]
    if args.command and args.command[0] == "report":
        lint = [args.bin, *args.command, args.corpus, "--output", out]
    py = [sys.executable, "-c", PY_LOAD, args.corpus]
    measure(lint)  # warm the page cache
    measure(py)
    rows = {"connector-lint": [], "python3 json.loads": []}
    for i in range(args.rounds):
        order = [("connector-lint", lint), ("python3 json.loads", py)]
        if i % 2:
            order.reverse()
        for name, cmd in order:
            wall, rss, code = measure(cmd)
            if name == "connector-lint" and code not in (0, 1):
                sys.exit(f"connector-lint exited with {code}")
            rows[name].append((wall, rss))
    # The command as run, without the binary, the corpus and the output file.
    label = " ".join(a for a in lint[1:-2] if a != args.corpus)
    med = {k: (statistics.median(w for w, _ in v), max(r for _, r in v)) for k, v in rows.items()}
    lt, lm = med["connector-lint"]
    pt, pm = med["python3 json.loads"]
    print(f"corpus: {os.path.normpath(args.corpus)}; rounds: {args.rounds}; cores: {os.cpu_count()}")
    print(f"connector-lint {label}: median {lt:.3f} s, peak {lm:.0f} MB")
    print(f"python3 json.loads (no positions, no rules): median {pt:.3f} s, peak {pm:.0f} MB")
    print(f"ratio python/connector-lint: {pt / lt:.2f}x (>= 1 means connector-lint is faster)")
    print(f"| {label} | {lt:.3f} s | {lm:.0f} MB | {pt:.3f} s | {pt / lt:.2f}x |")


if __name__ == "__main__":
    main()
