#!/usr/bin/env python3
"""Spelling recall on real fixes (issue 15): the misspellings that connector authors fixed in the
public repository's history, from ../shared/history/certified-swagger-changes/.

A fix is a user-facing string (same JSON pointer before and after, as `connector-lint strings`
lists it) whose words changed in exactly one place, one word for one word, at edit distance 2
or less (letters deleted, added, changed or two neighbours swapped), where the new word is a
dictionary word and the old one is not. Identifiers ("ClientID" to "Client") and new words of
two letters ("uuid" to "id") are renamings, not fixes, and are left out. The dictionary is Debian's SCOWL size-80 lists
(wamerican-huge, and wbritish-huge to tell British spellings apart), compared without case: it
is the ground truth here, not connector-lint's speller. A fix whose old word is British
("colour" to "color") is counted apart from US-English misspellings.

For each fix it reports whether connector-lint, run on the file before the change, reports the
old word in that string (a spelling finding on that pointer that names the word), and whether,
run on the file after, it reports the new word (which it must not).

Nothing in connector-lint was tuned on these files.

Usage:
    cargo build --release
    python3 tests/precision/recall_history.py [--bin target/release/connector-lint] [--list]
Downloads the two Debian word lists with apt-get (no root needed) into target/dicts.
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HISTORY = os.path.join(ROOT, "..", "shared", "history", "certified-swagger-changes")
RULES = "loc-spelling,loc-british-spelling,loc-joined-words"

sys.path.insert(0, HERE)
from sample import binary_args  # noqa: E402
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def word_lists():
    """The lower-cased words of SCOWL size 80, American and British."""
    cache = os.path.join(ROOT, "target", "dicts")
    files = {"american": "american-english-huge", "british": "british-english-huge"}
    out = {}
    for kind, name in files.items():
        path = os.path.join(cache, "x", "usr", "share", "dict", name)
        if not os.path.exists(path):
            os.makedirs(cache, exist_ok=True)
            pkg = f"w{kind}-huge"
            subprocess.run(["apt-get", "download", pkg], cwd=cache, check=True,
                           capture_output=True)
            deb = next(f for f in os.listdir(cache) if f.startswith(pkg + "_"))
            subprocess.run(["dpkg-deb", "-x", os.path.join(cache, deb), os.path.join(cache, "x")],
                           check=True)
        with open(path, encoding="utf-8") as f:
            out[kind] = {w.strip().lower() for w in f if w.strip()}
    return out["american"], out["british"]


def distance(a, b):
    """Optimal string alignment distance (Damerau-Levenshtein without repeated edits)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def strings_of(binary, path):
    """pointer -> text of the shown user-facing strings of one swagger."""
    out = subprocess.run([binary, "strings", path], capture_output=True, text=True).stdout
    m = {}
    for row in out.splitlines():
        parts = row.split("\t")
        if len(parts) == 4 and not parts[1].endswith("(internal)"):
            m[parts[2]] = json.loads(parts[3])
    return m


def one_word_change(old, new):
    """(old word, new word) when the two texts differ in exactly one word, else None."""
    a, b = WORD.findall(old), WORD.findall(new)
    if len(a) != len(b):
        return None
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    # The rest of the text (spaces, punctuation) must be the same too.
    if len(diff) != 1 or WORD.sub("", old) != WORD.sub("", new):
        return None
    return diff[0]


def findings(binary, tree):
    """(connector folder, pointer) -> messages of spelling findings."""
    out = subprocess.run([binary, "check", "--format", "json", "--select", RULES,
                          "--publisher", "certified", "--fail-on", "error", tree],
                         capture_output=True, text=True).stdout
    got = collections.defaultdict(list)
    for f in json.loads(out)["findings"]:
        folder = os.path.basename(os.path.dirname(f["file"]))
        got[(folder, f["pointer"])].append(f["message"])
    return got


def names(messages, word):
    return any(f"'{word}'" in m for m in messages)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    binary_args(ap)
    ap.add_argument("--list", action="store_true", help="print every fix and its verdict")
    args = ap.parse_args()
    check_bin = args.check_bin or args.bin
    american, british = word_lists()
    with tempfile.TemporaryDirectory() as tmp:
        fixes = []
        for case in sorted(os.listdir(HISTORY)):
            for side in ["before", "after"]:
                d = os.path.join(tmp, side, case)
                os.makedirs(d)
                shutil.copy(os.path.join(HISTORY, case, f"{side}.swagger.json"),
                            os.path.join(d, "apiDefinition.swagger.json"))
            before = strings_of(args.bin, os.path.join(tmp, "before", case))
            after = strings_of(args.bin, os.path.join(tmp, "after", case))
            for pointer, old in before.items():
                new = after.get(pointer)
                if new is None or new == old:
                    continue
                change = one_word_change(old, new)
                if not change:
                    continue
                o, n = change
                # A word, not an identifier ("ClientID" to "Client") or a word of two letters
                # ("uuid" to "id"): those are renamings, not fixes of a spelling.
                word_like = not re.search(r"[a-z][A-Z]", o) and len(n) >= 3
                if (word_like and distance(o.lower(), n.lower()) <= 2
                        and n.lower() in american and o.lower() not in american):
                    kind = "british" if o.lower() in british else "us"
                    fixes.append((case, pointer, o, n, kind))
        found_before = findings(check_bin, os.path.join(tmp, "before"))
        found_after = findings(check_bin, os.path.join(tmp, "after"))
    table = collections.Counter()
    rows = []
    for case, pointer, o, n, kind in fixes:
        hit = names(found_before.get((case, pointer), []), o)
        wrong = names(found_after.get((case, pointer), []), n)
        table[(kind, "found" if hit else "missed")] += 1
        table[(kind, "new word reported")] += int(wrong)
        rows.append((case, pointer, o, n, kind, "found" if hit else "MISSED",
                     "NEW WORD REPORTED" if wrong else ""))
    print(f"fixes of one word in {len(os.listdir(HISTORY))} real changes: {len(fixes)}")
    print("kind     fixes  found  missed  recall  new words reported")
    for kind in ["us", "british"]:
        f, m = table[(kind, "found")], table[(kind, "missed")]
        print(f"{kind:<8} {f + m:>5}  {f:>5}  {m:>6}  {100 * f / max(f + m, 1):5.1f}%  "
              f"{table[(kind, 'new word reported')]}")
    if args.list:
        for r in rows:
            print("\t".join(r))
    failed = table[("us", "new word reported")] + table[("british", "new word reported")]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
