#!/usr/bin/env bash
# Render the readiness report of the whole corpus and take a headless screenshot of it in Debian's
# Chromium, to check the HTML in a real browser. Installs chromium with apt when it is missing.
#
# Usage: scripts/report-screenshot.sh [OUT.png] [CORPUS]   (build first: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-target/report.png}")"
corpus="${2:-../shared/corpus/PowerPlatformConnectors}"
if ! command -v chromium >/dev/null; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
html="$(pwd)/target/report.html"
./target/release/connector-lint report "$corpus" --format html --output "$html"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1280,1600 \
  --screenshot="$out" "file://$html" 2>/dev/null
echo "$(du -h "$html" | cut -f1) report, screenshot in $out"
