#!/usr/bin/env bash
# Time `make run` from its start to the first page served (/en/), then stop it.
#   benchmarks/first_start.sh LABEL          a restart: the data folder as it is
#   FRESH=1 benchmarks/first_start.sh LABEL  from an empty data folder, no key, no collected
#                                            static files and no compiled .mo catalogues
# PORT, VECINOS_DATA_DIR and VECINOS_KEY_FILE choose where (defaults under /tmp); MAKEFILE
# runs another Makefile's `run` (to time an older start beside this one).
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT=${PORT:-8270}
export VECINOS_DATA_DIR=${VECINOS_DATA_DIR:-/tmp/vecinos-first-start/data}
export VECINOS_KEY_FILE=${VECINOS_KEY_FILE:-/tmp/vecinos-first-start/key/k.key}
if [ "${FRESH:-}" = 1 ]; then
  rm -rf "$VECINOS_DATA_DIR" "$VECINOS_KEY_FILE" staticfiles
  find . -path ./.venv -prune -o -path '*LC_MESSAGES/*.mo' -print | xargs rm -f
fi
log=$(mktemp)
start=$(date +%s.%N)
setsid make ${MAKEFILE:+-f "$MAKEFILE"} run >"$log" 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/en/"; do
  sleep 0.1
  if ! kill -0 "$pid" 2>/dev/null; then echo "make run stopped:"; tail -20 "$log"; exit 1; fi
done
end=$(date +%s.%N)
printf '%s: first page after %.1f s (load average %s)\n' "${1:-run}" \
  "$(echo "$end - $start" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
kill -TERM -- "-$pid"
wait "$pid" 2>/dev/null || true
rm -f "$log"
