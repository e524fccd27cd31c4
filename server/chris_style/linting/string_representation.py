"""Writing `__str__` from `to_dict()`: the editor's "Add __str__ from to_dict()" refactoring.

The guide's String Representations (section 12): "Custom `__str__` methods for human-readable output"

    def __str__(self):
        return json.dumps(self.to_dict())

written here with its return annotation (`-> str`, as the guide's type hints ask), at the end of the class body,
with `import json` added when the module lacks it. Offered on a class that has a `to_dict()` callable without
arguments (its own or a module-level base's) and no `__str__` of its own; not when the module binds `json` to
something other than the `json` module.
"""

import logging
from typing import List, Optional

import libcst as cst

from chris_style.linting.edits import add_import
from chris_style.linting.facts.classes import class_body_statements, own_methods
from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.source import Position, TextRange

logger = logging.getLogger(__name__)

JSON_MODULE = "json"
STR_METHOD = "__str__"
TO_DICT = "to_dict"


def _callable_without_arguments(method: cst.FunctionDef) -> bool:
    params = method.params
    positional = [*params.posonly_params, *params.params]
    required = [param for param in positional[1:] if param.default is None]
    required += [param for param in params.kwonly_params if param.default is None]
    return bool(positional) and not required


def can_add_str(context: RuleContext, class_def: cst.ClassDef) -> bool:
    """A class with a `to_dict()` that takes no arguments, without its own `__str__`."""
    if STR_METHOD in own_methods(class_def) or not class_body_statements(class_def):
        return False
    found = context.facts.classes.find_method(class_def, TO_DICT)
    if found is None or not _callable_without_arguments(found[1]):
        return False
    bound = context.facts.names.module_bindings()
    return bound.get(JSON_MODULE, JSON_MODULE) == JSON_MODULE


def str_method_edits(context: RuleContext, class_def: cst.ClassDef) -> List[Edit]:
    """`__str__` appended to the class body, and `import json` when missing; none when `can_add_str` says no."""
    if not can_add_str(context, class_def):
        return []
    statements = class_body_statements(class_def)
    first_text = context.source.line_text(context.range_of(statements[0]).start.line)
    indent = first_text[: len(first_text) - len(first_text.lstrip())]
    body = indent + context.module.default_indent
    newline = context.source.newline
    method = [f"{indent}def {STR_METHOD}(self) -> str:", f"{body}return {JSON_MODULE}.dumps(self.{TO_DICT}())"]
    position = Position(context.range_of(statements[-1]).end.line + 1, 0)
    text = newline + newline.join(method) + newline
    if context.source.offset(position) == len(context.source.text) and not context.source.text.endswith(("\n", "\r")):
        text = newline + text
    edits = [Edit(TextRange(position, position), text)]
    import_edit: Optional[Edit] = add_import(context, JSON_MODULE)
    return [import_edit, *edits] if import_edit is not None else edits
