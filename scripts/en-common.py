#!/usr/bin/env python3
"""Regenerate dictionaries/en-common.txt: the 40,000 most frequent words of English Wikipedia, as
wordninja ranks them, for `loc-joined-words`.

A word written solid may split into two dictionary words in more than one way, and the size-60
dictionary holds rare words that make nonsense splits: "codeshared" is "codes" + "hared" (a
past tense of "hare") as well as "code" + "shared". Only a split into two common words is
proposed. wordninja (MIT licence) ships a list of 126,000 words in decreasing order of frequency
on English Wikipedia; its first 40,000 are the common words here: "shared" ranks 2,128, "gamer"
29,824, "hared" 113,925. Only words of three lower-case ASCII letters or more are kept (the
parts of a joined word), sorted in byte order.

Usage (needs pip):
    python3 scripts/en-common.py
"""
import gzip
import pathlib
import re
import subprocess
import tarfile
import tempfile

WORDNINJA = "2.0.0"
TOP = 40_000
ROOT = pathlib.Path(__file__).resolve().parent.parent


def ranked_words(tmp: pathlib.Path) -> list[str]:
    subprocess.run(["pip", "download", "--no-deps", "--no-binary", ":all:", "-d", str(tmp),
                    f"wordninja=={WORDNINJA}"], check=True)
    sdist = next(tmp.glob("wordninja-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("wordninja_words.txt.gz"))
        data = tar.extractfile(member).read()
    return gzip.decompress(data).decode("utf-8").split()


def main() -> None:
    with tempfile.TemporaryDirectory() as t:
        words = ranked_words(pathlib.Path(t))
    keep = sorted({w for w in words[:TOP] if re.fullmatch(r"[a-z]{3,}", w)}, key=lambda w: w.encode())
    out = ROOT / "dictionaries/en-common.txt"
    out.write_text("\n".join(keep) + "\n", encoding="utf-8")
    print(f"{out}: {len(keep)} words (the first {TOP} of {len(words)} ranked words)")


if __name__ == "__main__":
    main()
