"""A minimal Neovim UI for tests: `nvim --embed` driven over msgpack-RPC, its screen kept as a grid of cells from
the `redraw` events (ext_linegrid, RGB colours), readable as text and savable as a PNG.

No terminal emulator is involved: Neovim sends every cell's text and highlight, and the picture is drawn from
exactly that with Pillow and the DejaVu Sans Mono font (Debian's fonts-dejavu-core).
"""

import logging
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import msgpack
from PIL import Image, ImageDraw, ImageFont

logger = logging.getLogger(__name__)

FONT_DIRECTORY = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIRECTORY / "DejaVuSansMono.ttf"
FONT_BOLD = FONT_DIRECTORY / "DejaVuSansMono-Bold.ttf"
# 15 px text on an 18 px line reads like a terminal at its usual size; the cell width comes from the font.
FONT_SIZE = 15
LINE_HEIGHT = 19
PADDING = 8
# msgpack-RPC message types.
REQUEST, RESPONSE, NOTIFICATION = 0, 1, 2
READ_CHUNK = 65536
# How often a wait asks Neovim again; short next to a lint, long next to a round trip.
POLL_SECONDS = 0.05


class NeovimError(Exception):
    """Neovim answered a request with an error, or stopped."""


@dataclass
class Cell:
    text: str = " "
    highlight: int = 0


@dataclass
class Screen:
    """Grid 1 (the whole screen: floating windows are drawn into it without ext_multigrid) and its highlights."""

    width: int
    height: int
    cells: List[List[Cell]] = field(default_factory=list)
    highlights: Dict[int, Mapping[str, Any]] = field(default_factory=dict)
    # Neovim 0.10+'s default colours (NvimLightGrey2 on NvimDarkGrey1) until its default_colors_set arrives.
    foreground: int = 0xE0E2EA
    background: int = 0x14161B

    def __post_init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.cells = [[Cell() for _ in range(self.width)] for _ in range(self.height)]

    def line(self, row: int, column: int, cells: Sequence[Sequence[Any]]) -> None:
        highlight = 0
        for item in cells:
            text = item[0]
            if len(item) > 1:
                highlight = item[1]
            repeat = item[2] if len(item) > 2 else 1
            for _ in range(repeat):
                if column < self.width:
                    self.cells[row][column] = Cell(text, highlight)
                column += 1

    def scroll(self, top: int, bottom: int, left: int, right: int, rows: int) -> None:
        """grid_scroll: move the region's rows up (rows > 0) or down; the rows left behind keep stale cells."""
        order = range(top, bottom - rows) if rows > 0 else range(bottom - 1, top - rows - 1, -1)
        for row in order:
            source = row + rows
            if top <= source < bottom:
                self.cells[row][left:right] = [Cell(c.text, c.highlight) for c in self.cells[source][left:right]]

    def text(self) -> str:
        return "\n".join("".join(cell.text for cell in row).rstrip() for row in self.cells)

    def colors(self, highlight: int) -> Tuple[int, int, Mapping[str, Any]]:
        attributes = self.highlights.get(highlight, {})
        foreground = attributes.get("foreground", self.foreground)
        background = attributes.get("background", self.background)
        if attributes.get("reverse"):
            foreground, background = background, foreground
        return foreground, background, attributes

    def save_png(self, path: Path) -> None:
        regular = ImageFont.truetype(str(FONT_REGULAR), FONT_SIZE)
        bold = ImageFont.truetype(str(FONT_BOLD), FONT_SIZE)
        cell_width = int(round(regular.getlength("M")))
        image = Image.new("RGB", (self.width * cell_width + 2 * PADDING, self.height * LINE_HEIGHT + 2 * PADDING),
                          _rgb(self.background))
        draw = ImageDraw.Draw(image)
        # Backgrounds first: a glyph's descender (`_`, `g`) may reach into the row below.
        for row, cells in enumerate(self.cells):
            for column, cell in enumerate(cells):
                _, background, _ = self.colors(cell.highlight)
                x, y = PADDING + column * cell_width, PADDING + row * LINE_HEIGHT
                draw.rectangle([x, y, x + cell_width - 1, y + LINE_HEIGHT - 1], fill=_rgb(background))
        for row, cells in enumerate(self.cells):
            for column, cell in enumerate(cells):
                foreground, _, attributes = self.colors(cell.highlight)
                x, y = PADDING + column * cell_width, PADDING + row * LINE_HEIGHT
                if cell.text.strip():
                    font = bold if attributes.get("bold") else regular
                    draw.text((x, y + 1), cell.text, font=font, fill=_rgb(foreground))
                if attributes.get("undercurl") or attributes.get("underline"):
                    special = attributes.get("special", foreground)
                    draw.line([x, y + LINE_HEIGHT - 2, x + cell_width, y + LINE_HEIGHT - 2], fill=_rgb(special))
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path)


def _rgb(value: int) -> Tuple[int, int, int]:
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


class EmbeddedNeovim:
    """`nvim --embed` with a UI attached; requests are answered in order while redraws update the screen."""

    def __init__(self, command: List[str], cwd: Path, env: Mapping[str, str], width: int, height: int) -> None:
        self.process = subprocess.Popen(command, cwd=cwd, env=dict(env), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.unpacker = msgpack.Unpacker(raw=False, strict_map_key=False)
        self.next_id = 0
        self.screen = Screen(width, height)
        self.request("nvim_ui_attach", width, height, {"rgb": True, "ext_linegrid": True})

    def request(self, method: str, *params: Any) -> Any:
        self.next_id += 1
        message_id = self.next_id
        assert self.process.stdin is not None
        self.process.stdin.write(msgpack.packb([REQUEST, message_id, method, list(params)], use_bin_type=True))
        self.process.stdin.flush()
        while True:
            message = self._read()
            if message[0] == RESPONSE and message[1] == message_id:
                if message[2] is not None:
                    raise NeovimError(f"{method}: {message[2]}")
                return message[3]
            if message[0] == NOTIFICATION and message[1] == "redraw":
                self._redraw(message[2])

    def lua(self, code: str, *arguments: Any) -> Any:
        return self.request("nvim_exec_lua", code, list(arguments))

    def wait_for(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise NeovimError(f"timed out after {timeout} s waiting for {what}")
            time.sleep(POLL_SECONDS)

    def settle(self) -> None:
        """Let Neovim redraw everything pending: a forced redraw, then a round trip that follows its events."""
        self.request("nvim_command", "redraw!")
        self.request("nvim_eval", "1")

    def close(self) -> None:
        try:
            self.process.kill()
        finally:
            self.process.wait(timeout=10)

    def _read(self) -> Any:
        assert self.process.stdout is not None
        while True:
            for message in self.unpacker:
                return message
            chunk = self.process.stdout.read1(READ_CHUNK)
            if not chunk:
                raise NeovimError("nvim exited")
            self.unpacker.feed(chunk)

    def _redraw(self, events: Sequence[Sequence[Any]]) -> None:
        screen = self.screen
        for event in events:
            name, calls = event[0], event[1:]
            for call in calls:
                if name == "grid_resize" and call[0] == 1:
                    screen.width, screen.height = call[1], call[2]
                    screen.clear()
                elif name == "default_colors_set":
                    screen.foreground, screen.background = call[0], call[1]
                elif name == "hl_attr_define":
                    screen.highlights[call[0]] = call[1]
                elif name == "grid_line" and call[0] == 1:
                    screen.line(call[1], call[2], call[3])
                elif name == "grid_clear" and call[0] == 1:
                    screen.clear()
                elif name == "grid_scroll" and call[0] == 1:
                    screen.scroll(call[1], call[2], call[3], call[4], call[5])


def open_neovim(nvim: str, cwd: Path, env: Mapping[str, str], init: Path, file: str, size: Tuple[int, int],
                extra: Optional[List[str]] = None) -> EmbeddedNeovim:
    command = [nvim, "--embed", "--clean", "-u", str(init), *(extra or []), file]
    return EmbeddedNeovim(command, cwd, env, *size)
