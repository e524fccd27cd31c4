"""What the refactoring tests share: a buffer's context, a cursor on a marker, a refactoring's result, and every
finding of every rule at every priority (generated code must raise none)."""

from pathlib import PurePosixPath
from typing import Callable, List, Optional

from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_edits
from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.runner import lint
from chris_style.linting.source import Position, SourceFile
from chris_style.rules import REGISTRY

SAMPLE_PATH = "sample.py"
Refactoring = Callable[[RuleContext, Position], List[Edit]]
Offer = Callable[[RuleContext, Position], Optional[str]]


def context_of(code: str, path: str = SAMPLE_PATH, settings: Settings = Settings()) -> RuleContext:
    source = SourceFile(code, PurePosixPath(path))
    return RuleContext(source, source.parse(), settings)


def cursor(code: str, marker: str, offset: int = 0) -> Position:
    """The position of the first character of `marker` in `code` (plus `offset`)."""
    return SourceFile(code).position(code.index(marker) + offset)


def offered(offer: Offer, code: str, marker: str, path: str = SAMPLE_PATH) -> Optional[str]:
    """The refactoring's title with the cursor on `marker`, or None when it is not offered there."""
    return offer(context_of(code, path), cursor(code, marker))


def refactored(edits: Refactoring, code: str, marker: str, path: str = SAMPLE_PATH) -> str:
    """`code` after the refactoring with the cursor on `marker`."""
    context = context_of(code, path)
    return apply_edits(context.source, edits(context, cursor(code, marker)))


def findings(code: str, path: str = SAMPLE_PATH) -> List[str]:
    """Every finding of every rule at every priority (`chris-style check --min-priority OBSERVED`)."""
    result = lint(SourceFile(code, PurePosixPath(path)), Settings(), REGISTRY)
    assert [] == result.failures
    return [f"{v.range.start.line + 1}: {v.code} {v.message}" for v in result.violations]
