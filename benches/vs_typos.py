#!/usr/bin/env python3
"""Benchmark (issue 17): connector-lint side by side with `typos`, the spelling checker, on the same
tree, and with a bare `python3` `json.loads` of the tree's swagger and apiProperties files.

Each round runs the three commands once, as whole processes (start-up included), rotating which goes
first, and records wall time, CPU time (user + system) and peak memory (max RSS), from wait4:

    connector-lint check CORPUS --format sarif --output FILE   (every default rule)
    typos --format brief CORPUS > /dev/null                    (exit 2: typos found, accepted)
    python3 -c PY_LOAD CORPUS                                  (benches/corpus.py's bare load)

Prints the medians, the ratios lint/typos (wall; issue 17's target: at most 1, as fast as typos)
and python/lint (wall; target: at least 0.6; the ratio column of BENCHMARKS.md, where 1 would
mean connector-lint as fast as the bare load), and a Markdown line for BENCHMARKS.md.

Usage: python3 benches/vs_typos.py [--rounds 7] [--bin BIN] [--typos TYPOS] [--corpus DIR] [--threads N]
Build first: cargo build --release
Install typos: cargo install typos-cli --version 1.52.0 --locked
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no benches/__pycache__ from the import below
from corpus import PY_LOAD  # noqa: E402  (the same bare load as benches/corpus.py)

TYPOS_VERSION = "1.52.0"
INSTALL = f"cargo install typos-cli --version {TYPOS_VERSION} --locked"
LINT, TYPOS, PY = "connector-lint", "typos", "python3 json.loads"


def measure(cmd):
    """Wall seconds, CPU seconds (user + system), peak memory in MB and exit code of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def find_typos(given):
    """The typos binary: --typos, else on PATH, else ~/.cargo/bin/typos."""
    for cand in (given,) if given else (shutil.which("typos"), os.path.expanduser("~/.cargo/bin/typos")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=7, help="rounds, at least 5 (default 7)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "connector-lint"))
    ap.add_argument("--typos", help="typos binary (default: on PATH, else ~/.cargo/bin/typos)")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "PowerPlatformConnectors"))
    ap.add_argument("--threads", type=int, help="--threads for connector-lint (default: its own, one per core)")
    args = ap.parse_args()
    if args.rounds < 5:
        ap.error("--rounds must be at least 5: fewer rounds make the medians meaningless on this machine")
    typos = find_typos(args.typos)
    if typos is None:
        print(f"typos not found{f' at {args.typos}' if args.typos else ''}; install it with:\n    {INSTALL}", file=sys.stderr)
        sys.exit(2)
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"no connector-lint binary at {args.bin}: cargo build --release")
    typos_version = subprocess.run([typos, "--version"], capture_output=True, text=True).stdout.strip()
    if not typos_version.endswith(" " + TYPOS_VERSION):
        print(f"warning: {typos_version or typos} is not typos-cli {TYPOS_VERSION} ({INSTALL})", file=sys.stderr)

    out = os.path.join(ROOT, "target", "bench-vs-typos.sarif")
    threads = ["--threads", str(args.threads)] if args.threads else []
    cmds = {
        LINT: [args.bin, "check", args.corpus, "--format", "sarif", *threads, "--output", out],
        TYPOS: [typos, "--format", "brief", args.corpus],
        PY: [sys.executable, "-c", PY_LOAD, args.corpus],
    }
    ok = {LINT: (0, 1), TYPOS: (0, 2), PY: (0,)}  # typos exits 2 when it finds typos

    def run(name):
        wall, cpu, rss, code = measure(cmds[name])
        if code not in ok[name]:
            sys.exit(f"{name} exited with {code}: {' '.join(cmds[name])}")
        return wall, cpu, rss

    for name in cmds:  # warm the page cache and check that each command runs
        run(name)
    rows = {name: [] for name in cmds}
    names = list(cmds)
    for i in range(args.rounds):
        for name in names[i % 3:] + names[: i % 3]:  # each goes first in turn
            rows[name].append(run(name))

    med = {k: tuple(statistics.median(r[j] for r in v) for j in range(3)) for k, v in rows.items()}
    label = "check --format sarif" + (f" --threads {args.threads}" if args.threads else "")
    (lw, lc, lm), (tw, tc, tm), (pw, pc, pm) = med[LINT], med[TYPOS], med[PY]
    print(f"corpus: {os.path.normpath(args.corpus)}; rounds: {args.rounds}; cores: {os.cpu_count()}; "
          f"{typos_version}; medians")
    print(f"{'command':44} {'wall':>8} {'CPU u+s':>8} {'peak':>7}   wall of each round")
    for name, shown in ((LINT, f"connector-lint {label}"), (TYPOS, "typos --format brief (default threads)"),
                        (PY, "python3 json.loads (no positions, no rules)")):
        w, c, m = med[name]
        each = ", ".join(f"{r[0]:.2f}" for r in rows[name])
        print(f"{shown:44} {w:7.3f}s {c:7.3f}s {m:5.0f}MB   {each}")
    print(f"lint/typos, wall: {lw / tw:.2f}x (CPU {lc / tc:.2f}x); target <= 1 (connector-lint at least as fast as typos)")
    print(f"python/lint, wall: {pw / lw:.2f}x; target >= 0.6 (python3 wall / connector-lint wall, "
          f"as BENCHMARKS.md's ratio column; 1 = as fast as the bare load)")
    print("| connector-lint command | connector-lint wall | CPU | peak | typos wall | CPU | peak "
          "| lint/typos | python3 json.loads | python/lint |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {label} | {lw:.3f} s | {lc:.2f} s | {lm:.0f} MB | {tw:.3f} s | {tc:.2f} s | {tm:.0f} MB "
          f"| {lw / tw:.2f}x | {pw:.3f} s | {pw / lw:.2f}x |")


if __name__ == "__main__":
    main()
