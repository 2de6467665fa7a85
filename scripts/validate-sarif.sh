#!/usr/bin/env bash
# Validate the SARIF that connector-lint writes with Microsoft's SARIF Multitool, including GitHub's
# ingestion rules (--rule-kind "Sarif;Gh"). Any result in the validator's output fails the script.
#
# Usage: scripts/validate-sarif.sh [CORPUS]   (default: ../shared/corpus/PowerPlatformConnectors)
#        scripts/validate-sarif.sh --logs DIR  (every *.sarif in DIR, e.g. the fuzz harness's sample)
set -euo pipefail
cd "$(dirname "$0")/.."
logs=
if [ "${1:-}" = --logs ]; then
  logs=${2:?--logs needs a folder}
else
  corpus=${1:-../shared/corpus/PowerPlatformConnectors}
fi
tools=target/sarif-multitool
mt=$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$mt" ]; then
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" @microsoft/sarif-multitool-linux@5.7.0 >/dev/null
  chmod +x "$mt"
fi
if [ -n "$logs" ]; then
  files=("$logs"/*.sarif)
else
  cargo build --release --quiet
  out=target/sarif-validation
  mkdir -p "$out"
  # The whole corpus in one run, and the same split into one run per category.
  ./target/release/connector-lint check "$corpus" --format sarif -o "$out/corpus.sarif" || [ $? -eq 1 ]
  ./target/release/connector-lint check "$corpus" --format sarif --sarif-max-results 2000 -o "$out/corpus-split.sarif" || [ $? -eq 1 ]
  # Breaking changes: the 200 real changes of ../shared/history as two trees, old and new, paired
  # by folder (results with a ValuePath property, errors and notes).
  history=${HISTORY:-${corpus%/corpus/PowerPlatformConnectors}/history/certified-swagger-changes}
  if [ ! -d "$history" ]; then
    echo "no history pairs at $history (set HISTORY=DIR)" >&2
    exit 1
  fi
  trees=$out/history-trees
  rm -rf "$trees"
  for pair in "$history"/*/; do
    name=$(basename "$pair")
    mkdir -p "$trees/old/$name" "$trees/new/$name"
    cp "$pair/before.swagger.json" "$trees/old/$name/apiDefinition.swagger.json"
    cp "$pair/after.swagger.json" "$trees/new/$name/apiDefinition.swagger.json"
  done
  ./target/release/connector-lint diff "$trees/old" "$trees/new" --format sarif -o "$out/diff.sarif" || [ $? -eq 1 ]
  files=("$out/corpus.sarif" "$out/corpus-split.sarif" "$out/diff.sarif")
fi
for f in "${files[@]}"; do rm -f "$f.validation"; done
# The multitool is called directly: its npm wrapper passes arguments through a shell, which
# would split "Sarif;Gh" at the semicolon. Each call waits some 20 s on name lookups when offline,
# so several run at once.
printf '%s\0' "${files[@]}" | xargs -0 -P 8 -I{} "$mt" validate {} --rule-kind "Sarif;Gh" \
  --max-file-size-in-kb 1000000 --output {}.validation >/dev/null
status=0
for f in "${files[@]}"; do
  n=$(python3 - "$f.validation" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
results = [r for run in log["runs"] for r in run.get("results", [])]
notes = [n for run in log["runs"] for inv in run.get("invocations", []) for n in inv.get("toolExecutionNotifications", []) if n.get("level") in ("error", "warning")]
for r in results[:20]:
    print(r["ruleId"], r.get("level", "warning"), r["message"].get("text") or r["message"].get("arguments"), file=sys.stderr)
for n in notes[:20]:
    print("notification:", n["message"]["text"], file=sys.stderr)
print(len(results) + len(notes))
PY
)
  size=$(gzip -c "$f" | wc -c)
  echo "$f: $n validator results, $(stat -c %s "$f") bytes, $size bytes gzipped"
  [ "$n" -eq 0 ] || status=1
done
exit $status
