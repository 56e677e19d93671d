#!/usr/bin/env bash
# The suite RUNS times in a row (default 10) in a clean clone of the committed HEAD: each run in
# its own random order (pytest-randomly, a fresh seed each time, printed) and started from
# another working directory, so a test that leans on the order, the folder it starts in or the
# machine's speed shows up. Stops at the first red run and keeps its log.
#   bash scripts/repeat-tests.sh [RUNS] [LOOPS]
# LOOPS > 1 runs that many clones side by side (RUNS each), which also loads the machine.
set -euo pipefail
runs=${1:-10}
loops=${2:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/repeat-tests.XXXXXX)
echo "repeat-tests: $runs run(s) x $loops clone(s) of $(git -C "$root" rev-parse --short HEAD) in $work"

loop() {
  local id=$1 clone="$work/clone-$1" elsewhere="$work/elsewhere-$1"
  git clone -q "$root" "$clone"
  (cd "$clone" && make setup >"$work/setup-$id.log" 2>&1)
  mkdir -p "$elsewhere"
  for n in $(seq 1 "$runs"); do
    local seed=$(( (RANDOM << 15) | RANDOM ))
    local log="$work/run-$id-$n.log"
    local started=$SECONDS
    if (cd "$clone" && .venv/bin/python -m mypy >"$log" 2>&1) \
        && (cd "$elsewhere" && "$clone/.venv/bin/python" -m pytest --rootdir "$clone" -c "$clone/pyproject.toml" -p randomly \
           --randomly-seed="$seed" "$clone/tests" "$clone/extractor" "$clone/README.md" -q >>"$log" 2>&1); then
      echo "clone $id run $n: green (seed $seed, $((SECONDS - started)) s): $(tail -1 "$log")"
    else
      echo "clone $id run $n: RED (seed $seed): see $log"
      tail -30 "$log"
      return 1
    fi
  done
}

pids=()
for id in $(seq 1 "$loops"); do
  loop "$id" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
[ "$status" = 0 ] && echo "repeat-tests: all $((runs * loops)) runs green" || echo "repeat-tests: a run was red"
exit "$status"
