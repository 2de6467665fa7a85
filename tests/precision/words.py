#!/usr/bin/env python3
"""List every distinct word `loc-spelling` reports in one half of the corpus, with up to two of the
strings it occurs in, for a whole-population word review (issue 3). The reviewer fills `class`:

  misspelling  a word a careful editor would change (typo, wrong case, run-together, non-word)
  word         a correct English word or established technical term that a good dictionary lists
  brand        a product or company name, written as its owner writes it
  name         a name only this connector uses (its product, a person, a place)
  foreign      a word of another language
  literal      code, a value, a file extension, an identifier or an entity name

Only `word` and `brand` entries may go into `dictionaries/terms.txt` and `dictionaries/brands.txt`;
the held-out sample is then drawn from the other half (`sample.py --half B`).

Usage: python3 tests/precision/words.py --half A > tests/precision/loc-spelling.words-A.tsv
Build first: cargo build --release
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample import BIN, CORPUS, half_of, strings_of  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", choices=["A", "B"], required=True)
    args = ap.parse_args()
    out = subprocess.run(
        [BIN, "check", CORPUS, "--select", "loc-spelling", "--format", "json"],
        capture_output=True, text=True,
    ).stdout
    by_word = collections.defaultdict(list)
    for f in json.loads(out)["findings"]:
        rel = os.path.relpath(f["file"], CORPUS)
        if half_of(rel) != args.half:
            continue
        word = re.search(r"'(.*)'", f["message"]).group(1)
        by_word[word].append((rel, f))
    cache = {}
    clean = lambda s: s.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    w = sys.stdout
    w.write(f"# Every word loc-spelling reports in half {args.half} of the corpus: {len(by_word)} words.\n")
    w.write(f"# Regenerate: python3 tests/precision/words.py --half {args.half}\n")
    w.write("# class: misspelling | word | brand | name | foreign | literal (see words.py). reason: a few words.\n")
    w.write("word\tfindings\tconnectors\texample\texample2\tclass\treason\n")
    for word in sorted(by_word, key=lambda x: (x.lower(), x)):
        hits = by_word[word]
        folders = sorted({"/".join(rel.split("/")[:2]) for rel, _ in hits})
        examples = []
        for rel, f in hits:
            text = strings_of(f["file"], cache).get(f["pointer"], "")
            ex = f"{rel.split('/')[1]}: {clean(text)[:300]}"
            if ex not in examples:
                examples.append(ex)
            if len(examples) == 2:
                break
        examples += [""] * (2 - len(examples))
        w.write(f"{word}\t{len(hits)}\t{len(folders)}\t{examples[0]}\t{examples[1]}\t\t\n")


if __name__ == "__main__":
    main()
