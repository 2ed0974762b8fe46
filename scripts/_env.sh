# Shared by scripts/run and scripts/test: make .venv if missing and install the project into it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  echo "renkei: creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install, or the compiled scorer's
# sources did (setup.py builds it beside them; a stale build would run old code, ADR 12).
STAMP=.venv/.renkei-installed
stale() {
  for source in pyproject.toml setup.py src/renkei/screening/scoring.py src/renkei/screening/names.py; do
    [ "$source" -nt "$STAMP" ] && return 0
  done
  return 1
}
if [ ! -f "$STAMP" ] || stale; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  touch "$STAMP"
fi
export PATH="$ROOT/.venv/bin:$PATH"
export RENKEI_HOME="${RENKEI_HOME:-$ROOT/var}"
