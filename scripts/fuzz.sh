#!/usr/bin/env bash
# Fuzz the survey answers decoder/validator, the questionnaire importer and
# the CSV export (fuzz/, cargo-fuzz on the nightly toolchain) for SECONDS
# each, default 60. Fails when any target finds an input that breaks one of
# its invariants; the input is kept in fuzz/artifacts/<target>/ (see
# fuzz/README.md to reproduce it). Prints runs per target.
#
# The committed corpus (fuzz/corpus/<target>/) is read, not changed: inputs
# found in this run go to a scratch directory. With --grow they are kept and
# the corpus is minimised (cargo fuzz cmin), ready to commit.
#
# Usage: scripts/fuzz.sh [--grow] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

grow=0
if [[ "${1:-}" == "--grow" ]]; then
  grow=1
  shift
fi
secs=${1:-60}
if ! [[ $secs =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [--grow] [SECONDS]" >&2
  exit 2
fi

log() { printf '\033[1m[fuzz]\033[0m %s\n' "$*"; }

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "cargo-fuzz needs the nightly toolchain, which is missing: rustup toolchain install nightly" >&2
  exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

cd fuzz
t0=$(date +%s)
log "building the fuzz targets ($(cargo +nightly --version | cut -d' ' -f2-); address sanitizer, debug assertions)"
cargo +nightly fuzz build
log "built in $(($(date +%s) - t0))s"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=()
report=()
for t in $(cargo +nightly fuzz list); do
  mkdir -p "$scratch/$t"
  if [[ $grow -eq 1 ]]; then
    corpus=("$root/fuzz/corpus/$t")
  else
    corpus=("$scratch/$t" "$root/fuzz/corpus/$t")
  fi
  args=(-max_total_time="$secs" -timeout=10 -print_final_stats=1)
  if [[ -f "$root/fuzz/dicts/$t.dict" ]]; then
    args+=(-dict="$root/fuzz/dicts/$t.dict")
  fi
  log "$t: ${secs}s"
  status=ok
  if ! cargo +nightly fuzz run "$t" "${corpus[@]}" -- "${args[@]}" >"$scratch/$t.log" 2>&1; then
    status=FAILED
    failed+=("$t")
    # The panic and the failing input (cargo-fuzz prints how to reproduce it).
    grep -v -E '^#[0-9]+' "$scratch/$t.log" | tail -n 60 >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/$t.log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$scratch/$t.log" | tail -n 1)
  cov=$(grep -o -E 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$scratch/$t.log" | tail -n 1 || true)
  if [[ $grow -eq 1 && $status == ok ]]; then
    cargo +nightly fuzz cmin "$t" >"$scratch/$t.cmin.log" 2>&1
    # Keep the committed corpus small: found inputs (hash-named) over 8 KB
    # are mostly byte flips of v1.json, which stays as a named seed.
    find "$root/fuzz/corpus/$t" -type f -size +8k -regextype egrep -regex '.*/[0-9a-f]{40}' -delete
  fi
  report+=("$(printf '%-22s %-7s %12s %10s   %s' "$t" "$status" "${runs:-?}" "${rate:-?}" "$cov")")
done

printf '\n%-22s %-7s %12s %10s   %s\n' "target" "result" "runs" "runs/s" "coverage (final)"
printf '%s\n' "${report[@]}"
if [[ $grow -eq 1 ]]; then
  log "corpus minimised: $(du -sh --apparent-size "$root/fuzz/corpus" | cut -f1) in fuzz/corpus/"
fi
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing found failing inputs in: ${failed[*]} (see fuzz/artifacts/ and fuzz/README.md)" >&2
  exit 1
fi
