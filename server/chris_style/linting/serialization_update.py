"""Bringing a stale `to_dict()`/`from_dict()` up to date with its dataclass's fields, keeping what was written by
hand: CS803's fix. (The "Regenerate" refactoring writes the methods afresh instead: linting/serialization.py.)

What counts as hand-written, and what happens to it:

- `to_dict()` whose body (after an optional docstring) is `return {...}`: each `"key": value` entry belongs to
  the field its key names, or else to the one field its value reads as `self.<field>` (custom keys such as
  `"instanceType": self.instance_type`). Entries of fields that still exist keep their key and expression as
  written, as do `**` entries and entries that belong to no field (computed extras). An entry goes when its value
  reads `self.<name>` for a name the class no longer has (not a field, method or class attribute of it or of its
  module-level bases): a removed field. Entries for the fields the method missed are generated, each placed after
  the entry of the field before it. Comments on a kept entry's line, or on the lines above it, stay with it.
- `from_dict()` whose body is optional assignments then `return cls(...)` (or the class's name) with keyword
  arguments only: keywords of current `__init__` fields stay as written, keywords naming no field go (with an
  assignment above the return that only they used), missing fields are generated.
- Anything else (other statements, positional arguments, a method inherited from a base) is regenerated whole,
  as before, keeping the docstring.

The method's decorators, signature, docstring and the statements around the literal are never touched: only the
dict display or the call is rewritten.
"""

import logging
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set, Tuple

import libcst as cst

from chris_style.linting import tree
from chris_style.linting.facts.classes import class_body_statements, own_methods
from chris_style.linting.facts.names import collect_bindings
from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.serialization import (
    FROM_DICT,
    TO_DICT,
    generated_entries,
    nested_serialization,
    wrapped_entry,
)
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import dotted_name, is_docstring

logger = logging.getLogger(__name__)


@dataclass
class _Entry:
    """One entry of the rewritten literal: kept code (`text`) or generated (`prefix` + `value`)."""

    field: Optional[str]
    text: str = ""
    prefix: str = ""
    value: str = ""
    comments_above: List[str] = field(default_factory=list)
    trailing_comment: str = ""


@dataclass
class Update:
    """The edits, and which fields they add and which entries they drop (for the fix's title)."""

    edits: List[Edit]
    added: List[str]
    dropped: List[str]

    def title(self, method: str) -> str:
        """`Update `to_dict()`: add `size`, drop `'old'``."""
        parts = []
        if self.added:
            parts.append("add " + ", ".join(f"`{name}`" for name in self.added))
        if self.dropped:
            parts.append("drop " + ", ".join(f"`{name}`" for name in self.dropped))
        return f"Update `{method}()`: {'; '.join(parts)}" if parts else f"Update `{method}()`"


def _code(context: RuleContext, node: cst.CSTNode) -> str:
    return context.module.code_for_node(node).strip()


def _comments(whitespace: object) -> Tuple[List[str], str]:
    """The full-line comments and the trailing comment held by a piece of whitespace inside brackets."""
    if not isinstance(whitespace, cst.ParenthesizedWhitespace):
        return [], ""
    trailing = whitespace.first_line.comment.value if whitespace.first_line.comment is not None else ""
    above = [line.comment.value for line in whitespace.empty_lines if line.comment is not None]
    return above, trailing


def _body(method: cst.FunctionDef) -> List[cst.BaseStatement]:
    """The method's statements after its docstring."""
    statements = list(method.body.body) if isinstance(method.body, cst.IndentedBlock) else []
    return statements[1:] if statements and is_docstring(statements[0]) else statements


def _returned(statement: cst.BaseStatement) -> Optional[cst.BaseExpression]:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        if isinstance(small, cst.Return):
            return small.value
    return None


def _self_attributes(node: cst.CSTNode, receiver: str) -> Set[str]:
    """The attributes `node` reads of `receiver` (`self.x` -> `x`)."""
    return {
        current.attr.value
        for current in tree.walk(node)
        if isinstance(current, cst.Attribute) and dotted_name(current.value) == receiver
    }


def _names(node: cst.CSTNode) -> Set[str]:
    return {current.value for current in tree.walk(node) if isinstance(current, cst.Name)}


def _members(context: RuleContext, class_def: cst.ClassDef) -> Optional[Set[str]]:
    """Every name the class and its module-level bases define (fields, methods, class attributes); None when a
    base is not known (it may define anything)."""
    index = context.facts.classes
    if index.has_unknown_ancestry(class_def):
        return None
    members: Set[str] = set()
    for current in [class_def, *index.ancestors(class_def)]:
        members.update(collect_bindings(class_body_statements(current)))
    return members


class _Merger:
    """Merges kept and generated entries of one method, in field order, as lines of the rewritten literal."""

    def __init__(self, context: RuleContext, class_def: cst.ClassDef, method: str) -> None:
        self.context = context
        self.class_def = class_def
        self.method = method
        self.fields = [found.name for found in context.facts.classes.fields(class_def) if not found.init_only]

    def place(self, kept: List[_Entry], missing: Sequence[str]) -> Tuple[List[_Entry], List[str]]:
        """The kept entries with the generated ones for `missing` fields each after the previous field's entry."""
        order = {name: index for index, name in enumerate(self.fields)}
        entries = list(kept)
        added: List[str] = []
        for name, prefix, value in generated_entries(self.context, self.class_def, self.method, missing):
            ranks = [(i, order[entry.field]) for i, entry in enumerate(entries) if entry.field is not None]
            before = [i for i, rank in ranks if rank < order[name]]
            after = [i for i, rank in ranks if rank > order[name]]
            position = before[-1] + 1 if before else (after[0] if after else len(entries))
            entries.insert(position, _Entry(name, prefix=prefix, value=value))
            added.append(name)
        return entries, added

    def lines(self, entries: List[_Entry], indent: str, closing_comments: List[str]) -> List[str]:
        """The literal's lines between its brackets: kept entries as written (a multi-line one keeps its own
        line breaks), generated ones broken to fit `line-length`, each with its comments."""
        lines: List[str] = []
        for index, entry in enumerate(entries):
            suffix = "," if index + 1 < len(entries) else ""
            lines.extend(f"{indent}{comment}" for comment in entry.comments_above)
            entry_lines = (
                f"{indent}{entry.text}{suffix}".split("\n")
                if entry.text
                else wrapped_entry(self.context, entry.prefix, entry.value, suffix, indent)
            )
            if entry.trailing_comment:
                entry_lines[-1] += f"  {entry.trailing_comment}"
            lines.extend(entry_lines)
        lines.extend(f"{indent}{comment}" for comment in closing_comments)
        return lines


def _elements_with_comments(
    opening: object, elements: Sequence[cst.CSTNode], closing: Sequence[object]
) -> Tuple[List[Tuple[cst.CSTNode, List[str], str]], List[str]]:
    """Each element of a bracketed sequence with the comment lines above it and the comment ending its line, and
    the comment lines before the closing bracket. `opening` is the whitespace after the opening bracket,
    `closing` the pieces of whitespace before the closing one (after the last element)."""
    found: List[Tuple[cst.CSTNode, List[str], str]] = []
    above, first_trailing = _comments(opening)
    above = ([first_trailing] if first_trailing else []) + above
    for index, element in enumerate(elements):
        comma = getattr(element, "comma", cst.MaybeSentinel.DEFAULT)
        after = [comma.whitespace_after] if isinstance(comma, cst.Comma) else []
        if index + 1 == len(elements):
            after.extend(closing)
        trailing = ""
        following: List[str] = []
        for whitespace in after:
            lines, comment = _comments(whitespace)
            if comment and not trailing and not following:
                trailing = comment
            elif comment:
                following.append(comment)
            following.extend(lines)
        found.append((element, above, trailing))
        above = following
    return found, above


def _line_indent(context: RuleContext, line: int) -> str:
    text = context.source.line_text(line)
    return text[: len(text) - len(text.lstrip())]


def _literal_edit(context: RuleContext, node: cst.CSTNode, head: str, lines: List[str], tail: str) -> Edit:
    newline = context.source.newline
    node_range = context.range_of(node)
    indent = _line_indent(context, node_range.start.line)
    text = newline.join([head, *lines, f"{indent}{tail}"])
    return Edit(node_range, text)


def _update_to_dict(
    context: RuleContext, class_def: cst.ClassDef, method: cst.FunctionDef, missing: Sequence[str]
) -> Optional[Update]:
    body = _body(method)
    returned = _returned(body[0]) if len(body) == 1 else None
    if not isinstance(returned, cst.Dict):
        return None
    params = [*method.params.posonly_params, *method.params.params]
    receiver = params[0].name.value if params else "self"
    merger = _Merger(context, class_def, TO_DICT)
    fields = set(merger.fields)
    members = _members(context, class_def)
    elements, closing_comments = _elements_with_comments(
        returned.lbrace.whitespace_after, returned.elements, [returned.rbrace.whitespace_before]
    )
    kept: List[_Entry] = []
    dropped: List[str] = []
    for element, above, trailing in elements:
        read = _self_attributes(element, receiver)
        if members is not None and read - members:
            dropped.append(_code(context, element.key) if isinstance(element, cst.DictElement) else "**")
            continue
        owner: Optional[str] = None
        if isinstance(element, cst.DictElement):
            key = element.key.evaluated_value if isinstance(element.key, cst.SimpleString) else None
            if key in fields:
                owner = str(key)
            elif len(read & fields) == 1:
                owner = next(iter(read & fields))
            text = f"{_code(context, element.key)}: {_code(context, element.value)}"
        else:
            text = f"**{_code(context, element.value)}"  # type: ignore[attr-defined]
        kept.append(_Entry(owner, text=text, comments_above=above, trailing_comment=trailing))
    present = {entry.field for entry in kept}
    entries, added = merger.place(kept, [name for name in missing if name not in present])
    indent = _line_indent(context, context.range_of(returned).start.line) + context.module.default_indent
    lines = merger.lines(entries, indent, closing_comments)
    return Update([_literal_edit(context, returned, "{", lines, "}")], added, dropped)


def _update_from_dict(
    context: RuleContext, class_def: cst.ClassDef, method: cst.FunctionDef, missing: Sequence[str]
) -> Optional[Update]:
    body = _body(method)
    if not body:
        return None
    returned = _returned(body[-1])
    params = [*method.params.posonly_params, *method.params.params]
    constructors = {class_def.name.value, *([params[0].name.value] if params else [])}
    if not (isinstance(returned, cst.Call) and isinstance(returned.func, cst.Name)):
        return None
    if returned.func.value not in constructors or any(argument.keyword is None for argument in returned.args):
        return None
    assignments: Dict[str, cst.SimpleStatementLine] = {}
    for statement in body[:-1]:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        target = small.targets[0].target if isinstance(small, cst.Assign) and len(small.targets) == 1 else None
        if not isinstance(target, cst.Name):
            return None
        assignments[target.value] = statement  # type: ignore[assignment]
    index = context.facts.classes
    init_fields = {found.name for found in index.fields(class_def) if found.init and not found.init_only}
    unknown_base = index.has_unknown_ancestry(class_def)
    merger = _Merger(context, class_def, FROM_DICT)
    last = returned.args[-1] if returned.args else None
    elements, closing_comments = _elements_with_comments(
        returned.whitespace_before_args, returned.args, [last.whitespace_after_arg] if last is not None else []
    )
    kept: List[_Entry] = []
    dropped: List[cst.Arg] = []
    for argument, above, trailing in elements:
        assert isinstance(argument, cst.Arg) and argument.keyword is not None
        name = argument.keyword.value
        if name not in init_fields and not unknown_base:
            dropped.append(argument)
            continue
        text = f"{name}={_code(context, argument.value)}"
        kept.append(_Entry(name if name in init_fields else None, text=text, comments_above=above,
                           trailing_comment=trailing))
    present = {entry.field for entry in kept}
    entries, added = merger.place(kept, [name for name in missing if name not in present])
    indent = _line_indent(context, context.range_of(returned).start.line) + context.module.default_indent
    lines = merger.lines(entries, indent, closing_comments)
    callee = returned.func.value
    edits = [_literal_edit(context, returned, f"{callee}(", lines, ")")]
    still_used = set().union(*(_names(argument.value) for argument in returned.args if argument not in dropped))
    for statement in assignments.values():
        still_used |= _names(statement.body[0].value)  # type: ignore[union-attr]
    for name, statement in assignments.items():
        used_by_dropped = any(name in _names(argument.value) for argument in dropped)
        if used_by_dropped and name not in still_used:
            statement_range = context.range_of(statement)
            start = Position(statement_range.start.line, 0)
            edits.append(Edit(TextRange(start, Position(statement_range.end.line + 1, 0)), ""))
    return Update(edits, added, [argument.keyword.value for argument in dropped])  # type: ignore[union-attr]


def update_stale_method(
    context: RuleContext, class_def: cst.ClassDef, method: str, missing: Sequence[str]
) -> Optional[Update]:
    """The class's own `method` with the `missing` fields added and the entries of removed fields dropped,
    keeping everything else as written; None when the method is not in a shape this can merge (see above)."""
    function = own_methods(class_def).get(method)
    if function is None or not isinstance(function.body, cst.IndentedBlock):
        return None
    update = (_update_to_dict if method == TO_DICT else _update_from_dict)(context, class_def, function, missing)
    if update is not None and update.added:
        update.edits.extend(nested_serialization(context, class_def, [method]))
    return update
