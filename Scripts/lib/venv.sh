# Sourced by the suite scripts: makes a venv and installs a pinned requirements file into it,
# again only when the file changed. Usage: ensure_venv DIR REQUIREMENTS "what is installed".
ensure_venv() {
  local venv=$1 requirements=$2 what=$3
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || return 1
  fi
  if ! cmp -s "$requirements" "$venv/.installed" 2>/dev/null; then
    echo "== Installing $what into $venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements" || return 1
    cp "$requirements" "$venv/.installed"
  fi
}

# Points CERULEAN_BINARY at the debug build unless it is set, and stops if there is none.
require_binary() {
  export CERULEAN_BINARY="${CERULEAN_BINARY:-$PWD/.build/debug/cerulean}"
  [ -x "$CERULEAN_BINARY" ] || { echo "No cerulean binary at $CERULEAN_BINARY: run swift build first."; return 1; }
}
