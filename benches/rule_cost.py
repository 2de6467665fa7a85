#!/usr/bin/env python3
"""What each rule adds to a whole-corpus `check`, in CPU seconds on one thread.

For every rule, runs `check --select RULE --threads 1 --format sarif` over the corpus and subtracts
the CPU time of the floor (`--select title-max-length`: reading, parsing with positions and
extracting the strings, with one trivial rule). CPU time (user + system, from getrusage) is taken
rather than wall time, and the best of `--rounds` runs is kept, so the figures are comparable on a
shared machine. Rules that share work (the language rules all need the tokens and dictionary verdicts
of each string) each carry that shared cost when run alone, so the column does not add up to the
`all rules` line; the difference is the shared work.

Usage: python3 benches/rule_cost.py [--rounds 3] [--top 30]
Build first: cargo build --release
"""
import argparse
import json
import os
import resource
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "connector-lint")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "PowerPlatformConnectors")
OUT = os.path.join(ROOT, "target", "bench-output")


def cpu(args, rounds):
    best = float("inf")
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [BIN, "check", CORPUS, "--threads", "1", "--format", "sarif", "--output", OUT, *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    rules = json.loads(subprocess.run([BIN, "rules", "--format", "json"], capture_output=True, text=True).stdout)
    floor = cpu(["--select", "title-max-length"], args.rounds + 2)
    costs = sorted(
        ((cpu(["--select", r["id"]], args.rounds) - floor, r["id"]) for r in rules), reverse=True
    )
    everything = cpu([], args.rounds)
    print(f"floor (--select title-max-length): {floor:.3f} s of CPU; every default rule: {everything:.3f} s")
    print()
    print("| rule | CPU added, alone (s) |")
    print("|---|---|")
    for cost, rule in costs[: args.top]:
        print(f"| `{rule}` | {cost:.3f} |")
    print(f"| the other {len(costs) - args.top} rules, added up | {sum(c for c, _ in costs[args.top:]):.3f} |")


if __name__ == "__main__":
    main()
