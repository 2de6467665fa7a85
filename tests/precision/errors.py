#!/usr/bin/env python3
"""Errors on merged connectors, and the evidence of each error rule (issue 14).

Usage: python3 tests/precision/errors.py [--markdown]
Build first: cargo build --release

Two measures, both over files Microsoft accepted:
1. Every default rule over ../shared/corpus/PowerPlatformConnectors/certified-connectors (619
   connectors Microsoft merged): errors per rule, the connectors each error rule fires on, the
   number of connectors that fail the default `--fail-on error`, and each error rule's evidence
   from `error-evidence.tsv` (V: a validator message, verbatim on Microsoft's page or in a pull
   request's log; D: a "must" or "can't" of Microsoft's documents or templates; R: a reviewer's
   request in a pull request; T: the tool could not check the file). Microsoft's pipeline checks
   the files a pull request changes, so an older file may predate a rule: an error rule with
   evidence may still fire on merged connectors, one without evidence should not (at most 5).
2. The swaggers of ../shared/history/certified-swagger-changes committed in 2023 or later: each
   was changed by a pull request, so Microsoft's Swagger Validator ran on it and passed it. A
   swagger rule that reports an error there either checks what the validator does not, or is
   wrong. The readme, icon and apiProperties rules are not run (the history has swaggers only).
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.path.join(ROOT, "target", "release", "connector-lint")
SHARED = os.path.join(ROOT, "..", "shared")
CERTIFIED = os.path.join(SHARED, "corpus", "PowerPlatformConnectors", "certified-connectors")
HISTORY = os.path.join(SHARED, "history", "certified-swagger-changes")
EVIDENCE = os.path.join(HERE, "error-evidence.tsv")
MAX_WITHOUT_EVIDENCE = 5


def run(args):
    out = subprocess.run([BIN, "check", *args, "--format", "json"], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"connector-lint failed: {out.stderr}")
    return json.loads(out.stdout)


def evidence():
    rows = {}
    with open(EVIDENCE, encoding="utf-8") as f:
        for line in f:
            if line.startswith(("#", "rule\t")) or not line.strip():
                continue
            rule, kind, source = line.rstrip("\n").split("\t")
            rows[rule] = (kind, source)
    return rows


def connector_of(path, root):
    return os.path.relpath(path, root).split(os.sep)[0]


def errors_by_rule(report, root):
    """Errors per rule, and the connectors (folders below `root`) each rule's errors are on."""
    errors = collections.Counter()
    conns = collections.defaultdict(set)
    for f in report["findings"]:
        if f["level"] == "error":
            errors[f["rule"]] += 1
            conns[f["rule"]].add(connector_of(f["file"], root))
    return errors, conns


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = ap.parse_args()
    ev = evidence()
    rules = json.loads(subprocess.run([BIN, "rules", "--format", "json"], capture_output=True, text=True).stdout)
    error_rules = [r["id"] for r in rules if r["level"] == "error" and r["default_enabled"]]

    report = run([CERTIFIED])
    levels = collections.Counter(f["level"] for f in report["findings"])
    errors, conns = errors_by_rule(report, CERTIFIED)
    failing = set().union(*conns.values()) if conns else set()
    n = report["summary"]["connectors"]

    # 2. Swaggers that passed the validator.
    tmp = tempfile.mkdtemp(prefix="connector-lint-history-")
    try:
        passed = 0
        for name in sorted(os.listdir(HISTORY)):
            meta_path = os.path.join(HISTORY, name, "change.json")
            if not os.path.isfile(meta_path):
                continue
            with open(meta_path, encoding="utf-8") as f:
                if json.load(f)["date"] < "2023":
                    continue
            os.makedirs(os.path.join(tmp, name))
            shutil.copy(os.path.join(HISTORY, name, "after.swagger.json"),
                        os.path.join(tmp, name, "apiDefinition.swagger.json"))
            passed += 1
        hist = run([tmp, "--publisher", "certified", "--ignore", "readme,icon"])
    finally:
        shutil.rmtree(tmp)
    h_errors, h_conns = errors_by_rule(hist, tmp)

    print(f"Certified connectors: {n}; findings: {levels['error']} errors, {levels['warning']} warnings, "
          f"{levels['note']} notes; connectors failing --fail-on error: {len(failing)}")
    print(f"Swaggers changed in 2023-2024 (validator passed): {passed}; errors: {sum(h_errors.values())} "
          f"on {len(set().union(*h_conns.values())) if h_conns else 0} of them")
    print()
    sep = " | " if args.markdown else "  "
    head = ["rule", "errors", "connectors", "validated swaggers", "evidence", "source"]
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
    else:
        print(f"{'rule':32}{'errors':>7}{'conn':>6}{'hist':>6}  kind  source")
    problems = []
    for rule in sorted(error_rules, key=lambda r: (-len(conns[r]), -errors[r], r)):
        kind, source = ev.get(rule, ("-", "no evidence row"))
        if rule not in ev:
            problems.append(f"{rule}: no row in error-evidence.tsv")
        elif kind not in ("V", "D", "R", "T") and len(conns[rule]) > MAX_WITHOUT_EVIDENCE:
            problems.append(f"{rule}: {kind} evidence only, fires on {len(conns[rule])} merged connectors")
        if not errors[rule] and not h_errors[rule] and not args.markdown:
            continue
        if args.markdown:
            print(f"| `{rule}` | {errors[rule]} | {len(conns[rule])} | {h_errors[rule]} | {kind} | {source} |")
        else:
            print(f"{rule:32}{errors[rule]:7}{len(conns[rule]):6}{h_errors[rule]:6}  {kind:4}  {source[:70]}")
    for rule in sorted(ev):
        if rule not in error_rules:
            problems.append(f"{rule}: in error-evidence.tsv but not a default error rule")
    if problems:
        print("\nProblems:")
        for p in problems:
            print("  " + p)
        sys.exit(1)


if __name__ == "__main__":
    main()
