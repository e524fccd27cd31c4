"""The parser without per-node validation must give libcst's own tree, and leave every other node validated."""

import threading
from pathlib import Path
from typing import List, Optional

import libcst as cst
import pytest
from libcst._nodes.base import CSTNode

from chris_style.linting import parsing

SERVER_SOURCES = sorted((Path(__file__).resolve().parents[2] / "server" / "chris_style").rglob("*.py"))[::4]
ODD_SYNTAX = [
    "async def f(*, a: int = 1, **k) -> None:\n    async with a as (b, c):\n        yield b\n",
    "match x:\n    case {'a': [1, *rest]} | None if rest:\n        pass\n",
    "x = f'{a!r:>{width}} {b=}'\ny = (lambda *a, **k: 0)\nclass C[T](Base, metaclass=M): pass\n",
    "try:\n    pass\nexcept* (ValueError, TypeError) as group:\n    raise\n",
    "if a:\r\n\tb = 1 \\\r\n\t\t+ 2\r\n",
    "é = 'ünïcode'  # comment\n@decorator\n# between\ndef g(): return ...\n",
]


@pytest.mark.parametrize("code", [*ODD_SYNTAX, *(path.read_text(encoding="utf-8") for path in SERVER_SOURCES)])
def test_WHEN_code_is_parsed_without_validation_THEN_the_tree_equals_libcsts_checked_parse(code: str) -> None:
    expected = cst.parse_module(code)
    actual = parsing.parse_module(code)
    assert (True, code) == (expected.deep_equals(actual), actual.code)


def test_WHEN_the_parser_is_given_invalid_code_THEN_it_raises_libcsts_syntax_error() -> None:
    with pytest.raises(cst.ParserSyntaxError):
        parsing.parse_module("def f(:\n")


def test_WHEN_a_node_is_built_after_a_parse_THEN_it_is_still_validated() -> None:
    parsing.parse_module("x = 1\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("1x")


def test_WHEN_another_thread_builds_a_node_during_a_parse_THEN_that_node_is_validated() -> None:
    errors: List[Optional[BaseException]] = []

    def build_invalid_name() -> None:
        try:
            cst.Name("not an identifier")
        except cst.CSTValidationError as error:
            errors.append(error)
        else:
            errors.append(None)

    with parsing._unchecked():
        cst.Name("not an identifier")  # this thread is parsing: not validated
        other = threading.Thread(target=build_invalid_name)
        other.start()
        other.join()
    assert (True, True) == (parsing._INSTALLED, isinstance(errors[0], cst.CSTValidationError))


def test_WHEN_libcsts_construction_hook_is_not_the_known_one_THEN_the_switch_is_not_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def validate_and_count(node: CSTNode) -> None:
        node._validate()
        validate_and_count.calls += 1  # type: ignore[attr-defined]

    validate_and_count.calls = 0  # type: ignore[attr-defined]
    monkeypatch.setattr(CSTNode, "__post_init__", validate_and_count)
    assert (False, validate_and_count) == (parsing._install(), CSTNode.__dict__["__post_init__"])
