#!/usr/bin/env python3
"""Benchmark: single-thread CPU time and peak memory of two connector-lint builds on the whole
corpus, measured in one run, alternating which goes first (issue 14: "speed does not regress").

Each round runs `check CORPUS --threads 1 --format sarif --output FILE` with each binary as a whole
process and records user + system CPU time and max RSS from wait4. Prints the medians and the ratio.

Usage: python3 benches/cpu_compare.py --base OLD_BINARY [--new NEW_BINARY] [--rounds 7]
A base binary is built from an older commit, e.g.:
    git worktree add /tmp/base 07b090a && (cd /tmp/base && cargo build --release)
    python3 benches/cpu_compare.py --base /tmp/base/target/release/connector-lint
"""
import argparse
import os
import statistics
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def measure(cmd):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{cmd[0]} exited {code}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--new", default=os.path.join(ROOT, "target", "release", "connector-lint"))
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "PowerPlatformConnectors"))
    args = ap.parse_args()
    out = os.path.join(ROOT, "target", "bench-output.sarif")
    cmd = lambda b: [b, "check", args.corpus, "--threads", "1", "--format", "sarif", "--output", out]
    runs = {"base": [], "new": []}
    for i in range(args.rounds):
        order = ["base", "new"] if i % 2 == 0 else ["new", "base"]
        for name in order:
            runs[name].append(measure(cmd(args.base if name == "base" else args.new)))
    med = {k: (statistics.median(c for c, _ in v), statistics.median(m for _, m in v)) for k, v in runs.items()}
    for k in ("base", "new"):
        print(f"{k:5} CPU {med[k][0]:.3f} s  peak {med[k][1]:.0f} MB  (all: {', '.join(f'{c:.2f}' for c, _ in runs[k])})")
    print(f"new / base CPU: {med['new'][0] / med['base'][0]:.3f}  ({args.rounds} rounds, medians, --threads 1)")


if __name__ == "__main__":
    main()
