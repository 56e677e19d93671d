#!/usr/bin/env bash
# `make test` RUNS times (default 10), each in a fresh clone of the committed HEAD, with ../shared
# (the field contract and dev corpus) reachable beside it as it is beside the repository, and each
# in its own random order: pytest-randomly (a test dependency) with a fresh seed per run, passed
# through PYTEST_ADDOPTS so the suite's inner pytest processes (Dask, S3, parquet cases) shuffle
# too. A test that leans on the order, on what an earlier test left behind, or on a warm checkout
# shows up. Every run goes to the end; each prints green/RED with its seed (re-run one order with
# PYTEST_ADDOPTS="-p randomly --randomly-seed=SEED" make test); exit 1 if any was red.
#   bash scripts/repeat-tests.sh [RUNS]
# Each run sets up its own venv (make setup: a few minutes, pip's cache helps) and takes the
# suite's time (6+ minutes on 2 cores). A green run's clone is removed, a red one's kept with its log.
set -euo pipefail
runs=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$root/../shared" 2>/dev/null && pwd || true)
head=$(git -C "$root" rev-parse HEAD)
work=$(mktemp -d "${TMPDIR:-/tmp}/repeat-tests.XXXXXX")
echo "repeat-tests: $runs run(s) of make test at $(git -C "$root" rev-parse --short HEAD) in $work"
[ -n "$shared" ] || echo "repeat-tests: no ../shared beside $root: the clones get none either"

red=0
for n in $(seq 1 "$runs"); do
  seed=$(( ((RANDOM << 15) | RANDOM) + n ))
  place="$work/run-$n"
  clone="$place/$(basename "$root")"
  log="$work/run-$n.log"
  mkdir -p "$place"
  [ -z "$shared" ] || ln -s "$shared" "$place/shared"  # ../shared, as beside the repository
  started=$SECONDS
  if git clone -q "$root" "$clone" >"$log" 2>&1 && git -C "$clone" checkout -q --detach "$head" >>"$log" 2>&1 \
      && (cd "$clone" && make setup >>"$log" 2>&1) \
      && (cd "$clone" && PYTEST_ADDOPTS="-p randomly --randomly-seed=$seed" make test >>"$log" 2>&1); then
    echo "run $n/$runs: green (seed $seed, $((SECONDS - started)) s): $(tail -1 "$log")"
    rm -rf "$place"
  else
    echo "run $n/$runs: RED (seed $seed, $((SECONDS - started)) s): log $log, clone $clone"
    grep -E '^(FAILED|ERROR)' "$log" | head -20 || tail -20 "$log"
    red=$((red + 1))
  fi
done
if [ "$red" = 0 ]; then
  echo "repeat-tests: all $runs run(s) green"
  rmdir "$work" 2>/dev/null || true
else
  echo "repeat-tests: $red of $runs run(s) red (logs in $work)"
  exit 1
fi
