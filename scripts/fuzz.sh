#!/usr/bin/env bash
# Runs every fuzz target for N seconds each (default 60): `scripts/fuzz.sh [SECONDS] [TARGET…]`.
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Each target starts
# from the seeds in fuzz/seeds/TARGET (written for the project) plus what earlier runs found in
# fuzz/corpus/TARGET (not committed); a crash is saved under fuzz/artifacts/TARGET and stops
# the script with its path. Fuzzing is not part of CI: the inputs it found are unit tests.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(native json feed ssh_input config sanitize ner)
fi
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
  echo "== $t: ${seconds}s"
  cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 2>&1 \
    | grep -E '^(#[0-9]+ +DONE|==[0-9]+== ERROR|SUMMARY|Done|artifact_prefix|Test unit written)' || true
  if compgen -G "artifacts/$t/*" >/dev/null; then
    echo "crash inputs in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
