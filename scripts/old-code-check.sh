#!/usr/bin/env bash
# Run this build's CLI tests against the binary of an older revision, to show which behaviour
# tests fail on the old code (issue 16's acceptance: every behaviour test fails before the fix).
#
#   scripts/old-code-check.sh [REV] [TEST-NAME-FILTER...]
#
# REV defaults to 30d67b6, the code at the start of issue 16. The old binary is built by
# scripts/build-rev.sh in a git worktree of its own (its own target folder under target/old-code/).
# Prints, for each test, whether it passes or fails on the old binary.
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-30d67b6}"
shift || true
old="$(scripts/build-rev.sh "$rev")"
cargo build --release --tests >/dev/null 2>&1
CONNECTOR_LINT_BIN="$old" cargo test --release --test cli -- "$@" 2>&1 \
  | grep -E '^test .* \.\.\. (ok|FAILED)$' | sed 's/^test //' | sort
