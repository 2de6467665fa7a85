#!/usr/bin/env bash
# Build connector-lint's release binary as it was at a git revision, and print the binary's path.
#
#   scripts/build-rev.sh REV
#
# The revision is checked out in a worktree of its own, target/old-code/SHORT-HASH, with its own
# target folder, so this checkout's build is untouched. A revision built before is not rebuilt.
# Build output goes to standard error; standard output is only the binary's absolute path, so
# callers can write `old=$(scripts/build-rev.sh REV)`. Used by scripts/old-code-check.sh and
# scripts/same-findings.sh.
#
# A first build would compile every dependency again (minutes on two cores). When this checkout has
# a target/release folder, the new worktree's target starts as a copy of it, without the
# connector-lint crate's own artifacts: cargo then compiles the crate and only the dependencies
# that differ at REV (its fingerprints decide, as in any incremental build). This needs a
# target/release whose modification times are cargo's own: one copied with a plain `cp -r` (no -p)
# has them scrambled, and cargo then recompiles about 40 dependencies anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:?usage: scripts/build-rev.sh REV}"
full="$(git rev-parse --verify --quiet "$rev^{commit}")" || {
  echo "build-rev: '$rev' is not a revision of this repository" >&2
  exit 2
}
# A branch name moves; the folder is named after the commit it stood for.
short="$(git rev-parse --short=7 "$full")"
wt="target/old-code/$short"
bin="$PWD/$wt/target/release/connector-lint"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
# (Without its own .git, git -C would answer for this checkout instead.)
if [ ! -e "$wt/.git" ] || [ "$(git -C "$wt" rev-parse HEAD 2>/dev/null || true)" != "$full" ]; then
  git worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
  git worktree prune
  mkdir -p target/old-code
  git worktree add --detach "$wt" "$full" >&2
fi
if [ ! -d "$wt/target" ] && [ -d target/release/deps ]; then
  echo "build-rev: seeding $wt/target/release from target/release (dependencies only)" >&2
  mkdir -p "$wt/target"
  # -p keeps the modification times: cargo takes a dependency newer than its dependant as stale.
  cp -Rp target/release "$wt/target/release"
  # Drop everything of the crate itself, so that it is always compiled from REV's sources.
  rm -rf "$wt/target/release/connector-lint" "$wt/target/release/connector-lint.d" \
    "$wt/target/release/libconnector_lint".* "$wt/target/release/examples" \
    "$wt/target/release/incremental" \
    "$wt/target/release/deps/connector_lint-"* "$wt/target/release/deps/libconnector_lint-"* \
    "$wt/target/release/.fingerprint/connector-lint-"* "$wt/target/release/build/connector-lint-"*
fi
(cd "$wt" && cargo build --release --locked --bin connector-lint) >&2
[ -x "$bin" ] || {
  echo "build-rev: no binary at $bin after the build" >&2
  exit 2
}
echo "$bin"
