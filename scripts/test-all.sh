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
