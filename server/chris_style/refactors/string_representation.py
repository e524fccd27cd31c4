"""Where the editor offers "Add __str__ from to_dict()": on the header of a class that has a `to_dict()` and no
`__str__` (linting/string_representation.py writes it)."""

import logging
from typing import List, Optional

import libcst as cst

from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.source import Position
from chris_style.linting.string_representation import can_add_str, str_method_edits
from chris_style.refactors.locate import header_at

logger = logging.getLogger(__name__)


def _class_at(context: RuleContext, position: Position) -> Optional[cst.ClassDef]:
    found = header_at(context, position, (cst.ClassDef,))
    if found is None:
        return None
    class_def, ancestors = found
    assert isinstance(class_def, cst.ClassDef)
    # A module-level class: the class index knows its bases and methods.
    return class_def if len(ancestors) == 1 and can_add_str(context, class_def) else None


def offer(context: RuleContext, position: Position) -> Optional[str]:
    return "Add __str__ from to_dict()" if _class_at(context, position) is not None else None


def edits(context: RuleContext, position: Position) -> List[Edit]:
    class_def = _class_at(context, position)
    return str_method_edits(context, class_def) if class_def is not None else []
