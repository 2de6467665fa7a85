#!/usr/bin/env bash
# Issue 17's acceptance check: the same findings in every output format as the binary built at the
# issue's starting commit, on 1 and 2 threads; only the elapsed time in the summary line may differ.
#
#   scripts/same-findings.sh [OPTIONS] [BASE]
#
# BASE is a connector-lint binary or a git revision (built by scripts/build-rev.sh in
# target/old-code/). Default: target/start17/connector-lint when it exists, else revision 26fe4f2,
# the starting commit of issue 17.
#
# Options:
#   --new BIN         the binary under test (default: target/release/connector-lint)
#   --new-args ARGS   extra arguments for the new binary's `check` runs only, split on spaces. For
#                     testing this script: --new-args '--ignore loc-spelling' must FAIL.
#   --corpus DIR      default: ../shared/corpus/PowerPlatformConnectors
#   --threads LIST    thread counts, space-separated (default: "1 2")
#   --findings FILE   where to write the base's per-rule counts and SHA-256s
#                     (default: benches/findings.txt)
#   --no-findings     do not write that file
#
# Both binaries run `check` in every --format the base lists (text, concise, json, sarif, github)
# and `report` in every --format it lists (html, markdown, json), each with --threads N and
# --output FILE, from the corpus's parent folder with the corpus as a relative path (so the output
# does not depend on where the corpus lives). Outputs go to target/same-findings/{base,new}/. For
# each run, the output file, standard output, standard error and exit code are compared byte for
# byte (cmp), after one substitution: the elapsed time of the summary line
# (`Checked ... notes in 1.23 s.`) becomes `in <elapsed> s.`. That line is the last line of the
# text, concise and github outputs and of standard error; JSON, SARIF and the reports carry no time.
# The new binary's output on 1 thread is also compared with its output on the other thread counts.
#
# Exit status: 0 when every comparison passes, 1 when any differs, 2 on a usage or build error.
set -euo pipefail
# Paths given on the command line are relative to the current folder; the defaults, to the
# repository's root.
root="$(cd "$(dirname "$0")/.." && pwd)"
start_rev=26fe4f2

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
new="$root/target/release/connector-lint"
new_args=""
corpus="$root/../shared/corpus/PowerPlatformConnectors"
threads="1 2"
findings="$root/benches/findings.txt"
base=""
while [ $# -gt 0 ]; do
  case "$1" in
    --new) new="$2"; shift 2 ;;
    --new-args) new_args="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --findings) findings="$2"; shift 2 ;;
    --no-findings) findings=""; shift ;;
    -h | --help) usage ;;
    -*) echo "same-findings: unknown option $1" >&2; usage ;;
    *) [ -z "$base" ] || usage; base="$1"; shift ;;
  esac
done

sha256() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }
abspath() { (cd "$(dirname "$1")" && echo "$PWD/$(basename "$1")"); }

# The base: a binary, or a revision to build.
if [ -z "$base" ]; then
  if [ -x "$root/target/start17/connector-lint" ]; then
    base="$root/target/start17/connector-lint"
  else
    base="$start_rev"
  fi
fi
if [ -f "$base" ] && [ -x "$base" ]; then
  base="$(abspath "$base")"
  base_label="${base#"$root"/}"
else
  rev="$base"
  base="$("$root/scripts/build-rev.sh" "$rev")" || exit 2
  base_label="revision $rev (built by scripts/build-rev.sh)"
fi
[ -x "$new" ] || { echo "same-findings: no binary at $new (cargo build --release)" >&2; exit 2; }
new="$(abspath "$new")"
[ -d "$corpus" ] || { echo "same-findings: no corpus at $corpus" >&2; exit 2; }
corpus_parent="$(cd "$(dirname "$corpus")" && pwd)"
corpus_name="$(basename "$corpus")"

# Every --format value of a subcommand, as the base binary lists them in its usage error.
formats() {
  { "$base" "$1" --format '?' . 2>&1 || true; } | sed -n 's/^ *\[possible values: \(.*\)\]$/\1/p' | tr -d ','
}
check_formats="$(formats check)"
report_formats="$(formats report)"
if [ -z "$check_formats" ] || [ -z "$report_formats" ]; then
  echo "same-findings: could not read the --format values from $base" >&2
  exit 2
fi

out="$root/target/same-findings"
rm -rf "$out"
mkdir -p "$out/base" "$out/new"

# The summary line with its elapsed time; everything else is compared as written.
summary_re='^(Checked [0-9]+ connectors? \([0-9]+ files?, [0-9]+ strings?(, [0-9]+ unchanged skipped)?\): [0-9]+ errors?, [0-9]+ warnings?, [0-9]+ notes?) in [0-9]+\.[0-9]+ s\.$'
normalise() {
  local f
  for f in "$@"; do
    sed -E "s/$summary_re/\\1 in <elapsed> s./" "$f" >"$f.tmp"
    mv "$f.tmp" "$f"
  done
}

# run SIDE BIN SUBCOMMAND FORMAT THREADS [EXTRA ARGS...]: writes target/same-findings/SIDE/
# SUBCOMMAND.FORMAT.tN.{out,stdout,stderr,rc}.
run() {
  local side="$1" bin="$2" cmd="$3" fmt="$4" t="$5"
  shift 5
  local o="$out/$side/$cmd.$fmt.t$t" rc=0 s0=$SECONDS
  (cd "$corpus_parent" && env -u CONNECTOR_LINT_TIMINGS "$bin" "$cmd" "$corpus_name" \
    --format "$fmt" --threads "$t" --output "$o.out" "$@" >"$o.stdout" 2>"$o.stderr") || rc=$?
  echo "$rc" >"$o.rc"
  [ -e "$o.out" ] || : >"$o.out"
  normalise "$o.out" "$o.stdout" "$o.stderr"
  printf '  %-4s %-6s %-9s --threads %s  exit %s  (%s s)\n' "$side" "$cmd" "$fmt" "$t" "$rc" \
    "$((SECONDS - s0))"
}

failures=0
# compare LABEL PREFIX-A PREFIX-B
compare() {
  local label="$1" a="$2" b="$3" ext bad=""
  for ext in rc out stdout stderr; do
    cmp -s "$a.$ext" "$b.$ext" || bad="$bad $ext"
  done
  if [ -z "$bad" ]; then
    echo "PASS  $label"
    return
  fi
  failures=$((failures + 1))
  echo "FAIL  $label: differs in${bad}"
  local where at line
  for ext in $bad; do
    where="$(cmp "$a.$ext" "$b.$ext" 2>&1 || true)"
    echo "  ${where//$out\//}"
    # The first differing lines, each cut at 200 characters ...
    diff "$a.$ext" "$b.$ext" 2>&1 | head -n 12 | cut -c 1-200 | sed 's/^/    /' || true
    # ... and, when that line is longer (SARIF is one 50 MB line), the bytes around the difference.
    at="$(echo "$where" | sed -n 's/.* byte \([0-9]*\), line \([0-9]*\).*/\1/p')"
    line="$(echo "$where" | sed -n 's/.* byte \([0-9]*\), line \([0-9]*\).*/\2/p')"
    if [ -n "$at" ] && [ "$(sed -n "${line}{p;q;}" "$a.$ext" | wc -c)" -gt 200 ]; then
      at=$((at > 80 ? at - 80 : 1))
      echo "    ${a#"$out"/}.$ext from byte $at: $(tail -c +"$at" "$a.$ext" | head -c 160 | awk 'BEGIN { ORS = "\\n" } 1')"
      echo "    ${b#"$out"/}.$ext from byte $at: $(tail -c +"$at" "$b.$ext" | head -c 160 | awk 'BEGIN { ORS = "\\n" } 1')"
    fi
  done
}

echo "base: $base_label"
[ "$base_label" = "$base" ] || echo "      $base"
echo "new:  $new${new_args:+ (check runs with: $new_args)}"
echo "corpus: $corpus_parent/$corpus_name; threads: $threads"
echo "check formats: $check_formats; report formats: $report_formats"
echo "runs (outputs in target/same-findings/):"
# Word splitting of $new_args and the lists is intended.
# shellcheck disable=SC2086
for t in $threads; do
  for fmt in $check_formats; do
    run base "$base" check "$fmt" "$t"
    run new "$new" check "$fmt" "$t" $new_args
  done
  for fmt in $report_formats; do
    run base "$base" report "$fmt" "$t"
    run new "$new" report "$fmt" "$t"
  done
done

echo "comparisons (new against base, then new on 1 thread against new on the others):"
first_t="${threads%% *}"
for t in $threads; do
  for fmt in $check_formats; do compare "check  --format $fmt --threads $t" "$out/base/check.$fmt.t$t" "$out/new/check.$fmt.t$t"; done
  for fmt in $report_formats; do compare "report --format $fmt --threads $t" "$out/base/report.$fmt.t$t" "$out/new/report.$fmt.t$t"; done
done
for t in $threads; do
  [ "$t" = "$first_t" ] && continue
  for fmt in $check_formats; do compare "new check  --format $fmt: --threads $first_t = --threads $t" "$out/new/check.$fmt.t$first_t" "$out/new/check.$fmt.t$t"; done
  for fmt in $report_formats; do compare "new report --format $fmt: --threads $first_t = --threads $t" "$out/new/report.$fmt.t$first_t" "$out/new/report.$fmt.t$t"; done
done

if [ -n "$findings" ]; then
  # The reference figures, from the base's output on the first thread count.
  json="$out/base/check.json.t$first_t.out"
  {
    echo "# Findings of connector-lint over the whole corpus, the reference for issue 17 (the same"
    echo "# findings as the starting commit $start_rev). Written by scripts/same-findings.sh from the"
    echo "# base binary's output; the output itself is not committed."
    echo "#"
    echo "# Base: $base_label: $("$base" --version), binary sha256 $(sha256 "$base")"
    echo "# Each output below: connector-lint SUBCOMMAND $corpus_name --format FORMAT --threads $first_t --output FILE,"
    echo "# run in the corpus's parent folder ($corpus_parent)."
    echo "# SHA-256 after replacing the summary line's elapsed time ('in 1.23 s.') with 'in <elapsed> s.'"
    echo "# (JSON, SARIF and the reports have no time field, so theirs are of the output as written)."
    echo "# Paths in the outputs are relative to the corpus's parent, except SARIF's originalUriBaseIds,"
    echo "# the corpus's absolute URI: the SARIF hash holds only for a corpus at $corpus_parent."
    echo
    echo "check --format json: exit code $(cat "$out/base/check.json.t$first_t.rc")"
    echo "check --format json: sha256 $(sha256 "$json")"
    python3 - "$json" <<'EOF'
import collections, json, sys
with open(sys.argv[1], encoding="utf-8") as fh:
    data = json.load(fh)
s = data["summary"]
print(f"summary: {s['connectors']} connectors, {s['files']} files, {s['strings']} strings, {s['findings']} findings")
levels = collections.Counter(f["level"] for f in data["findings"])
print("levels: " + ", ".join(f"{k} {levels[k]}" for k in ("error", "warning", "note")))
print(f"notifications: {len(data['notifications'])}")
rules = collections.Counter(f["rule"] for f in data["findings"])
print()
print(f"# Findings per rule ({len(rules)} rules with findings), by rule id:")
for rule in sorted(rules):
    print(f"{rule} {rules[rule]}")
EOF
    echo
    echo "# SHA-256 of every output (--threads $first_t), normalised as above:"
    for fmt in $check_formats; do
      echo "check --format $fmt: $(sha256 "$out/base/check.$fmt.t$first_t.out")"
    done
    for fmt in $report_formats; do
      echo "report --format $fmt: $(sha256 "$out/base/report.$fmt.t$first_t.out")"
    done
  } >"$findings"
  echo "wrote ${findings#"$root"/}"
fi

if [ "$failures" -gt 0 ]; then
  echo "FAIL: $failures comparison(s) differ"
  exit 1
fi
echo "PASS: the same output in every format and thread count, apart from the elapsed time"
