# Sourced by the scripts: make .venv hold this project with the requested extras.
# Reinstalls only when pyproject.toml or the extras changed, so repeat runs are quick.

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "error: Python 3.11 or newer is required" >&2
  return 1
}

ensure_venv() {
  local extras="$1" python stamp wanted lock have
  lock=requirements${extras:+-$extras}.lock
  if [ ! -x .venv/bin/python ]; then
    python=$(find_python)
    echo "creating .venv with $python" >&2
    "$python" -m venv .venv
  fi
  stamp=.venv/.installed
  wanted="$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1) ${extras}"
  # A dev install also satisfies a runtime-only request (the dev lock holds the same versions).
  if [ -f "$stamp" ]; then
    have=$(cat "$stamp")
    if [ "$have" = "$wanted" ] ||
      [ "$have" = "$(cat requirements-dev.lock pyproject.toml | sha256sum | cut -d' ' -f1) dev" ]; then
      return 0
    fi
  fi
  echo "installing $lock and the project into .venv (log: .venv/install.log)" >&2
  # Exact versions with their hashes from the lock file; the project itself on top, without
  # resolving anything more (scripts/lock writes the locks from pyproject.toml).
  if ! {
    .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip &&
      .venv/bin/python -m pip install --disable-pip-version-check --require-hashes -r "$lock" &&
      .venv/bin/python -m pip install --disable-pip-version-check --no-deps -e .
  } >.venv/install.log 2>&1; then
    tail -n 30 .venv/install.log >&2
    echo "error: installing the project failed; see .venv/install.log" >&2
    return 1
  fi
  echo "$wanted" >"$stamp"
}
