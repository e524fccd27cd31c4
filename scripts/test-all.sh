#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite: Python, the language server through pytest-lsp,
# real editors (Neovim, VS Code via code-server) and the VS Code extension's own tests.
# Idempotent: a second run reuses the virtual environment and the editor harness.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'

# Emacs with eglot for tests/clients/test_emacs.py (eglot is built into Emacs 29+; Debian 12's Emacs 28 needs
# the elpa-eglot package), and the font tests/clients/neovim_screen.py draws Neovim's screen with.
EDITOR_APT_PKGS=(emacs-nox fonts-dejavu-core)
if ! dpkg-query -W -f='${Status}' elpa-eglot 2>/dev/null | grep -q 'install ok installed'; then
  if [ "$(id -u)" = 0 ] && { apt-cache show elpa-eglot >/dev/null 2>&1 || { apt-get update -qq && apt-cache show elpa-eglot >/dev/null 2>&1; }; }; then
    EDITOR_APT_PKGS+=(elpa-eglot)
  fi
fi
missing_editor_pkgs=()
for p in "${EDITOR_APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing_editor_pkgs+=("$p")
done
if [ ${#missing_editor_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_editor_pkgs[@]}" >/dev/null
  else
    echo "not root: the editor tests need apt packages ${missing_editor_pkgs[*]}; they are skipped without them" >&2
  fi
fi

# The VS Code extension: its npm packages, its package, and the headless VS Code it is tested in.
if [ "${CHRIS_STYLE_SKIP_VSCODE:-0}" != 1 ] && [ -f vscode-extension/e2e/setup.sh ]; then
  bash vscode-extension/e2e/setup.sh
fi

export PATH="$PWD/$VENV/bin:$PATH"
status=0
"$VENV/bin/python" -m pytest -n "${PYTEST_WORKERS:-2}" "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$status"
