#!/usr/bin/env python3
"""Regenerate dictionaries/en_US-extra.txt: the words of SCOWL size 80 (Debian's wamerican-huge)
that are not known misspellings.

The Hunspell dictionary (SCOWL size 60) lacks many correct words that connector strings use
(counterparty, centroid, decrypt, frictionless). A larger SCOWL list has them, but it also holds
rare words that are far more often typos of common ones ("wether", "hight"). So the larger list is
filtered through the misspelling list of the `typos` tool (crate typos-dict, MIT OR Apache-2.0):
a word that typos corrects is left out. Possessives are left out (the speller accepts "'s" on any
known word), and so are words of one or two letters (codes and abbreviations; the size-60
dictionary alone decides those).

Usage (needs apt-get and cargo):
    python3 scripts/en-us-extra.py
"""
import pathlib
import re
import subprocess
import tempfile

TYPOS_DICT = "0.14.4"
ROOT = pathlib.Path(__file__).resolve().parent.parent


def scowl_huge(tmp: pathlib.Path) -> list[str]:
    subprocess.run(["apt-get", "download", "wamerican-huge"], cwd=tmp, check=True)
    deb = next(tmp.glob("wamerican-huge_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp / "x")], check=True)
    text = (tmp / "x/usr/share/dict/american-english-huge").read_text(encoding="utf-8")
    return text.split()


def typos_misspellings(tmp: pathlib.Path) -> set[str]:
    crate = tmp / "fetch"
    subprocess.run(["cargo", "init", "-q", "--name", "fetch", str(crate)], check=True)
    subprocess.run(["cargo", "add", "-q", f"typos-dict@={TYPOS_DICT}"], cwd=crate, check=True)
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1"], cwd=crate, check=True,
        capture_output=True, text=True).stdout
    manifest = re.search(r'"manifest_path":"([^"]*typos-dict-' + re.escape(TYPOS_DICT)
                         + r'/Cargo.toml)"', meta).group(1)
    code = (pathlib.Path(manifest).parent / "src/word_codegen.rs").read_text(encoding="utf-8")
    return {w.lower() for w in re.findall(r'InsensitiveStr::(?:Ascii|Unicode)\("([^"]+)"\)', code)}


def main() -> None:
    with tempfile.TemporaryDirectory() as t:
        tmp = pathlib.Path(t)
        words = scowl_huge(tmp)
        typos = typos_misspellings(tmp)
    keep = sorted({w for w in words
                   if not w.endswith("'s") and len(w) > 2 and w.lower() not in typos},
                  key=lambda w: w.encode())
    out = ROOT / "dictionaries/en_US-extra.txt"
    out.write_text("\n".join(keep) + "\n", encoding="utf-8")
    print(f"{out}: {len(keep)} words ({len(words)} in SCOWL 80, {len(typos)} typos misspellings)")


if __name__ == "__main__":
    main()
