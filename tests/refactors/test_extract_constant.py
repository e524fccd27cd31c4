"""The "Extract constant" refactoring on any selected literal (the CS1202 fix, generalised)."""

from pathlib import PurePosixPath
from typing import Optional

import libcst as cst

from chris_style.config.settings import Settings
from chris_style.linting.constants import extract_constant, suggest_name, unique_name
from chris_style.linting.fixes import apply_edits
from chris_style.linting.rule import RuleContext
from chris_style.linting.source import Position, SourceFile, TextRange
from chris_style.refactors.extract_constant import extract_constant_at, find_literal


def _context(code: str) -> RuleContext:
    source = SourceFile(code, PurePosixPath("example.py"))
    return RuleContext(source, source.parse(), Settings())


def _cursor(code: str, marker: str, offset: int = 0) -> TextRange:
    """An empty selection on the first character of `marker` (plus `offset`)."""
    index = code.index(marker) + offset
    position = SourceFile(code).position(index)
    return TextRange(position, position)


def _extract(code: str, marker: str, name: Optional[str] = None) -> Optional[str]:
    context = _context(code)
    extracted = extract_constant_at(context, _cursor(code, marker), name)
    if extracted is None:
        return None
    return apply_edits(context.source, extracted.edits)


def test_WHEN_cursor_on_keyword_number_THEN_constant_named_from_keyword_after_imports() -> None:
    code = "import requests\n\n\ndef get(url: str) -> None:\n    requests.get(url, timeout=30)\n"
    expected = (
        "import requests\n\nTIMEOUT = 30  # TODO: why this value?\n\n\ndef get(url: str) -> None:\n"
        "    requests.get(url, timeout=TIMEOUT)\n"
    )
    assert expected == _extract(code, "30")


def test_WHEN_string_literal_selected_THEN_named_from_content_without_comment() -> None:
    code = "import os\n\nLIMIT = 5  # why\n\n\ndef read(path: str) -> str:\n    return path.encode('utf-8')\n"
    expected = (
        "import os\n\nLIMIT = 5  # why\nUTF_8 = 'utf-8'\n\n\ndef read(path: str) -> str:\n    return path.encode(UTF_8)\n"
    )
    assert expected == _extract(code, "'utf-8'")


def test_WHEN_assigned_literal_selected_THEN_named_from_target() -> None:
    code = "def run(self) -> None:\n    self.retry_delay = 2.5\n"
    expected = "RETRY_DELAY = 2.5  # TODO: why this value?\ndef run(self) -> None:\n    self.retry_delay = RETRY_DELAY\n"
    assert expected == _extract(code, "2.5")


def test_WHEN_name_given_THEN_used_as_is() -> None:
    code = "def run() -> None:\n    wait(7)\n"
    expected = "ATTEMPTS = 7  # TODO: why this value?\ndef run() -> None:\n    wait(ATTEMPTS)\n"
    assert expected == _extract(code, "7", name="ATTEMPTS")


def test_WHEN_negative_number_under_cursor_THEN_whole_signed_number_extracted() -> None:
    code = "def run(offset: int) -> bool:\n    return offset == -40\n"
    expected = "OFFSET = -40  # TODO: why this value?\ndef run(offset: int) -> bool:\n    return offset == OFFSET\n"
    assert expected == _extract(code, "40")


def test_WHEN_piece_of_multiline_concatenated_string_THEN_whole_string_parenthesized() -> None:
    code = "def run() -> str:\n    return ('first '\n            'second')\n"
    expected = (
        # libcst prints the detached string without the function's indentation: inside brackets that is fine.
        "TEXT = ('first '\n        'second')\ndef run() -> str:\n    return (TEXT)\n"
    )
    assert expected == _extract(code, "'second'", name="TEXT")


def test_WHEN_docstring_selected_THEN_refused() -> None:
    code = "def run() -> None:\n    '''Run.'''\n"
    assert None is _extract(code, "Run")


def test_WHEN_literal_in_annotation_THEN_refused() -> None:
    code = "def run(mode: Literal['fast']) -> None:\n    pass\n"
    assert None is _extract(code, "'fast'")


def test_WHEN_literal_in_match_pattern_THEN_refused() -> None:
    code = "def run(code: int) -> str:\n    match code:\n        case 404:\n            return 'missing'\n"
    assert None is _extract(code, "404")


def test_WHEN_literal_in_existing_constant_block_THEN_refused() -> None:
    code = "import os\n\nLIMIT = 5  # why\n\n\ndef run() -> None:\n    pass\n"
    assert None is _extract(code, "5")


def test_WHEN_cursor_not_on_literal_THEN_nothing() -> None:
    code = "def run(value: int) -> int:\n    return value\n"
    assert None is _extract(code, "return")


def test_WHEN_f_string_selected_THEN_refused() -> None:
    code = "def run(name: str) -> str:\n    return f'hi {name}'\n"
    assert None is _extract(code, "hi")


def test_WHEN_crlf_buffer_THEN_constant_line_uses_crlf() -> None:
    code = "import time\r\n\r\n\r\ndef poll() -> None:\r\n    time.sleep(5)\r\n"
    expected = (
        "import time\r\n\r\nSLEEP_SECONDS = 5  # TODO: why this value?\r\n\r\n\r\ndef poll() -> None:\r\n"
        "    time.sleep(SLEEP_SECONDS)\r\n"
    )
    assert expected == _extract(code, "5)")


def test_WHEN_name_taken_anywhere_THEN_suffix_added() -> None:
    assert "TIMEOUT_3" == unique_name("TIMEOUT = 1\ntimeout = TIMEOUT_2\n", "TIMEOUT")
    assert "TIMEOUT" == unique_name("MY_TIMEOUT = 1\nTIMEOUTS = 2\n", "TIMEOUT")


def test_WHEN_range_check_THEN_bounds_named_min_and_max() -> None:
    code = "def run(size: int) -> bool:\n    return 16 < size <= 4096\n"
    context = _context(code)
    names = [suggest_name(*(find_literal(context, _cursor(code, marker)) or (None, ()))) for marker in ("16", "4096")]
    assert ["MIN_SIZE", "MAX_SIZE"] == names


def test_WHEN_guard_comparisons_THEN_named_as_the_bound_they_guard() -> None:
    code = "def run(size: int) -> None:\n    if size > 80 or 90 < size or size < 30 or 40 >= size:\n        raise ValueError()\n"
    context = _context(code)
    names = [suggest_name(*(find_literal(context, _cursor(code, m)) or (None, ()))) for m in ("80", "90", "30", "40")]
    assert ["MAX_SIZE", "MAX_SIZE", "MIN_SIZE", "MIN_SIZE"] == names


def test_WHEN_dict_value_selected_THEN_named_from_key() -> None:
    code = "def run() -> dict:\n    return {'max-retries': 9}\n"
    context = _context(code)
    found = find_literal(context, _cursor(code, "9"))
    assert found is not None
    assert "MAX_RETRIES" == suggest_name(*found)


def test_WHEN_called_with_node_directly_THEN_same_edits_as_at_selection() -> None:
    code = "def run() -> None:\n    fetch(limit=12)\n"
    context = _context(code)
    literal, ancestors = find_literal(context, _cursor(code, "12")) or (None, ())
    assert isinstance(literal, cst.Integer)
    extracted = extract_constant(context, literal, ancestors)
    assert extracted is not None
    expected = "LIMIT = 12  # TODO: why this value?\ndef run() -> None:\n    fetch(limit=LIMIT)\n"
    assert expected == apply_edits(context.source, extracted.edits)
    assert Position(0, 0) == extracted.edits[0].range.start
