"""Columns: the engine counts code points; LSP clients count UTF-16 code units unless they negotiate UTF-8 or
UTF-32. Lines are split the way LSP and the engine both split them: at `\\r\\n`, `\\r` and `\\n` only.

pygls ships a position codec, but it pairs with `str.splitlines()`, which also breaks lines at form feeds,
`\\x1c`-`\\x1e`, `\\x85`, `\\u2028` and `\\u2029`; a Python file holding one of those would put every later
position on the wrong line. Encoding with the codec machinery keeps this module short and fast.
"""

from typing import List, Sequence

from lsprotocol import types

from chris_style.linting.source import LINE_BREAK, TextRange

UTF8 = types.PositionEncodingKind.Utf8.value
UTF16 = types.PositionEncodingKind.Utf16.value
UTF32 = types.PositionEncodingKind.Utf32.value
# The protocol's default when a client names no encoding.
DEFAULT_ENCODING = UTF16


def split_lines(text: str) -> List[str]:
    """The lines of `text` without their endings, as LSP counts them (a trailing empty line after a final
    line break)."""
    return LINE_BREAK.split(text)


def line_starts(text: str) -> List[int]:
    """The string index where each line begins."""
    return [0] + [match.end() for match in LINE_BREAK.finditer(text)]


def units(text: str, encoding: str) -> int:
    """How many code units of `encoding` the text takes."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def to_client_column(line: str, column: int, encoding: str) -> int:
    """A code point column of `line` in the client's units; columns past the end of the line are kept."""
    if column <= len(line):
        return units(line[:column], encoding)
    return units(line, encoding) + column - len(line)


def from_client_column(line: str, character: int, encoding: str) -> int:
    """A client column of `line` in code points. A column inside a character (half a surrogate pair, a byte
    inside a UTF-8 sequence) moves to that character's end; one past the line's end clamps to the end."""
    if encoding == UTF32 or line.isascii():
        return min(character, len(line))
    counted = 0
    for index, code_point in enumerate(line):
        if counted >= character:
            return index
        counted += units(code_point, encoding)
    return len(line)


def to_lsp_position(lines: Sequence[str], line: int, column: int, encoding: str) -> types.Position:
    text = lines[line] if 0 <= line < len(lines) else ""
    return types.Position(line=line, character=to_client_column(text, column, encoding))


def to_lsp_range(lines: Sequence[str], text_range: TextRange, encoding: str) -> types.Range:
    """An engine range (code points) as an LSP range in the client's encoding."""
    return types.Range(
        start=to_lsp_position(lines, text_range.start.line, text_range.start.column, encoding),
        end=to_lsp_position(lines, text_range.end.line, text_range.end.column, encoding),
    )



def encoding_name(encoding: object) -> str:
    """The negotiated encoding (pygls chooses it at `initialize` and announces it) as a plain string."""
    return str(getattr(encoding, "value", encoding) or DEFAULT_ENCODING)
