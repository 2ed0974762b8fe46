# Shared by scripts/run and scripts/test: make .venv if missing and install the project into it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# The interpreter: $PYTHON if set; else the distribution's CPython 3.11 if it can make a virtual
# environment, else python3.11 on PATH, else python3. Debian builds its CPython with profile-guided
# and link-time optimisation into a statically linked interpreter; renkei's requests run about a
# fifth faster on it than on a Python built without --enable-optimizations, as pyenv builds by
# default (ADR 15).
make_venv() {
  local python candidates=(/usr/bin/python3.11 python3.11 python3)
  [ -n "${PYTHON:-}" ] && candidates=("$PYTHON")
  for python in "${candidates[@]}"; do
    command -v "$python" >/dev/null 2>&1 || continue
    echo "renkei: creating .venv with $python"
    "$python" -m venv .venv && return 0
    rm -rf .venv # no venv module (Debian's python3.11-venv): try the next
  done
  echo "renkei: no Python here could make a virtual environment (.venv)" >&2
  return 1
}
[ -x .venv/bin/python ] || make_venv
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
