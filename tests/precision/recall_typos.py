#!/usr/bin/env python3
"""Spelling recall against the `typos` tool (issue 15).

Runs typos 1.52.0 over the corpus, keeps every misspelling it reports inside a user-facing string
value (the strings `connector-lint strings` lists, less those of internal elements), and reports
the share that connector-lint's spelling rules (loc-spelling, loc-british-spelling,
loc-joined-words) find at the same line and column. typos gives byte
offsets within the line; they are turned into code-point columns, as connector-lint counts them.

Misspellings are split by case: lower-case ("recieve") and capitalised ("Recieve", "RECIEVE",
or inside an identifier that has capitals). Reports where typos is wrong (a foreign word, a name)
are listed, with a reason each, in `typos-wrong.tsv` beside this script, one entry per word and
file; they are counted apart. Recall is over the rest, per half of the corpus (see sample.py).
The misses of both halves were looked at while the spelling changes of issue 15 were made, so
this is no held-out figure: `recall_history.py` is.

typos' dictionary is the `typos-dict` crate that connector-lint also uses, so this figure is
partly circular: `recall_history.py` measures recall on real fixes too.

Usage:
    cargo build --release
    python3 tests/precision/recall_typos.py [--bin target/release/connector-lint] [--misses]
Installs typos-cli 1.52.0 with cargo if `typos` is missing or another version.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "PowerPlatformConnectors")
TYPOS_VERSION = "1.52.0"
RULES = "loc-spelling,loc-british-spelling,loc-joined-words"

sys.path.insert(0, HERE)
from sample import binary_args, half_of  # noqa: E402


def typos_binary():
    """A typos 1.52.0 executable, installed with cargo when needed."""
    for exe in [shutil.which("typos"), os.path.expanduser("~/.cargo/bin/typos")]:
        if exe and os.path.exists(exe):
            out = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
            if out.split()[-1:] == [TYPOS_VERSION]:
                return exe
    subprocess.run(["cargo", "install", "typos-cli", "--version", TYPOS_VERSION, "--locked"],
                   check=True)
    return os.path.expanduser("~/.cargo/bin/typos")


def literal_end(line, start):
    """Code-point index just past the content of the JSON string whose content begins at `start`
    (0-based) of `line`: the closing quote's index."""
    i = start
    while i < len(line):
        c = line[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i
        i += 1
    return len(line)


def user_facing_spans(binary):
    """(file, line) -> list of (first column, last column + 1) of shown string contents, 1-based
    code-point columns."""
    out = subprocess.run([binary, "strings", CORPUS], capture_output=True, text=True,
                         check=True).stdout
    spans = collections.defaultdict(list)
    lines_of = {}
    for row in out.splitlines():
        loc, field = row.split("\t")[:2]
        if field.endswith("(internal)"):
            continue
        path, line, col = loc.rsplit(":", 2)
        line, col = int(line), int(col)
        if path not in lines_of:
            with open(path, encoding="utf-8-sig", errors="replace") as f:
                lines_of[path] = f.read().split("\n")
        text = lines_of[path][line - 1]
        end = literal_end(text, col - 1)
        spans[(os.path.normpath(path), line)].append((col, end + 1))
    return spans, lines_of


def typos_reports(exe, spans):
    """typos' reports inside user-facing strings: (file, line, column, typo, corrections)."""
    files = sorted({p for (p, _) in spans})
    reports = []
    raw = {}
    for i in range(0, len(files), 200):
        out = subprocess.run([exe, "--format", "json", "--no-ignore", *files[i:i + 200]],
                             capture_output=True, text=True).stdout
        for row in out.splitlines():
            r = json.loads(row)
            if r.get("type") != "typo":
                continue
            path = os.path.normpath(r["path"])
            if path not in raw:
                with open(path, "rb") as f:
                    raw[path] = f.read().split(b"\n")
            # (Line 1 of a swagger is its "{": a byte-order mark never shifts a string's column.)
            line_bytes = raw[path][r["line_num"] - 1]
            col = len(line_bytes[:r["byte_offset"]].decode("utf-8", errors="replace")) + 1
            if any(a <= col < b for a, b in spans.get((path, r["line_num"]), [])):
                reports.append((path, r["line_num"], col, r["typo"], r["corrections"]))
    return reports


def findings(binary):
    """(file, line, column) of every finding of the spelling rules."""
    out = subprocess.run([binary, "check", "--format", "json", "--select", RULES,
                          "--fail-on", "error", CORPUS], capture_output=True, text=True).stdout
    return {(os.path.normpath(f["file"]), f["line"], f["column"])
            for f in json.loads(out)["findings"]}


def load_wrong():
    """(file, word) -> reason, for reports where typos is wrong."""
    wrong = {}
    with open(os.path.join(HERE, "typos-wrong.tsv"), encoding="utf-8") as f:
        for row in f:
            if row.startswith("#") or row.startswith("file\t") or not row.strip():
                continue
            file, word, reason = row.rstrip("\n").split("\t")
            wrong[(os.path.normpath(os.path.join(CORPUS, file)), word)] = reason
    return wrong


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    binary_args(ap)
    ap.add_argument("--misses", action="store_true", help="print every report not found")
    args = ap.parse_args()
    check_bin = args.check_bin or args.bin
    exe = typos_binary()
    spans, _ = user_facing_spans(args.bin)
    reports = typos_reports(exe, spans)
    found = findings(check_bin)
    wrong = load_wrong()
    table = collections.Counter()
    misses = []
    for (path, line, col, typo, corr) in reports:
        case = "lower" if typo == typo.lower() else "capitalised"
        half = half_of(os.path.relpath(path, CORPUS))
        if (path, typo) in wrong:
            table[(case, half, "wrong")] += 1
            continue
        hit = (path, line, col) in found
        table[(case, half, "found" if hit else "missed")] += 1
        if not hit:
            misses.append((os.path.relpath(path, CORPUS), line, col, typo, "/".join(corr)))
    n_wrong = sum(v for k, v in table.items() if k[2] == "wrong")
    print(f"typos {TYPOS_VERSION} reports inside user-facing strings: {len(reports)}")
    print(f"typos wrong (typos-wrong.tsv): {len(wrong)} entries "
          f"({100 * len(wrong) / max(len(reports), 1):.1f}% of the reports), covering {n_wrong} "
          f"reports ({100 * n_wrong / max(len(reports), 1):.1f}%)")
    print("case         half  found  missed  recall")
    for case in ["lower", "capitalised"]:
        for half in ["A", "B", "A+B"]:
            halves = ["A", "B"] if half == "A+B" else [half]
            f = sum(table[(case, h, "found")] for h in halves)
            m = sum(table[(case, h, "missed")] for h in halves)
            print(f"{case:<12} {half:<5} {f:>5}  {m:>6}  {100 * f / max(f + m, 1):5.1f}%")
    if args.misses:
        for m in sorted(misses):
            print("\t".join(map(str, m)))


if __name__ == "__main__":
    main()
