"""CS304 undocumented-magic-number: a module- or class-level number is assigned without a comment saying
why that value."""

import logging
import re
from typing import Dict, Optional, Sequence

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Files, FixSafety, Invalid, Rule, RuleContext, Valid
from chris_style.linting.source import Position
from chris_style.rules.documentation._shared import (
    NUMBER_TYPES,
    Assignment,
    _comment_directly_above,
    _comment_lines,
    _documenting_comment,
    _in_main_block,
    _is_dunder,
    _is_enum_class,
    _leading_lines,
    _simple_names,
    _statement_line,
)

logger = logging.getLogger(__name__)

TRIVIAL_NUMBERS = frozenset({0, 1, -1})
ARBITRARY_COMMENT = "# Arbitrarily chosen"
TODO_COMMENT = "# TODO: why this value?"
# Units of time and size, whose sizes are definitions, not choices.
_UNIT = (
    r"(?:[KMGTP]I?B|BITS?|BYTES?|(?:KILO|MEGA|GIGA|TERA|PETA|KIBI|MEBI|GIBI|TEBI)BYTES?|"
    r"(?:MILLI|MICRO|NANO)?SEC(?:OND)?S?|MS|MINS?|MINUTES?|HOURS?|HRS?|DAYS?|WEEKS?|MONTHS?|YEARS?)"
)
# A unit, or one unit in another, is its definition: `KB = 1024`, `HOUR = 60 * 60`, `SECONDS_PER_DAY = 86400`,
# `AWS_HOURS_PER_MONTH = 730`. A rate of anything else (`REQUESTS_PER_SECOND = 50`) is a choice.
UNIT_NAME_PATTERN = re.compile(rf"^_?(?:ONE_)?{_UNIT}$|^_?(?:[A-Z0-9]+_)*?{_UNIT}_(?:PER|IN)_{_UNIT}$", re.I)


def _is_numeric_expression(node: cst.BaseExpression) -> bool:
    if isinstance(node, NUMBER_TYPES):
        return True
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return _is_numeric_expression(node.expression)
    if isinstance(node, cst.BinaryOperation):
        return _is_numeric_expression(node.left) and _is_numeric_expression(node.right)
    return False


def _literal_number(node: cst.BaseExpression) -> Optional[complex]:
    """The value of a plain number or a signed one, else None."""
    sign = 1
    while isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        sign = -sign if isinstance(node.operator, cst.Minus) else sign
        node = node.expression
    if isinstance(node, cst.Integer):
        return sign * int(node.value.replace("_", ""), 0)
    if isinstance(node, cst.Float):
        return sign * float(node.value.replace("_", ""))
    return None


def _is_assignment_line(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], (cst.Assign, cst.AnnAssign))
    )


class UndocumentedMagicNumber(Rule):
    """A module- or class-level number is assigned without a comment saying why that value.

    The guide's Hardcoded Values Documentation (CRITICAL): "Inline comments explain magic numbers and why
    values are chosen", as in `CAPACITY_BUFFER_FACTOR = 1.25 # Arbitrarily chosen` or
    `MASTER_NODE_COUNT = 3 # Recommended number in docs`.

    Reported: an assignment to plain names at module or class level (dataclass field defaults included)
    whose value is a number, a signed number, or arithmetic of numbers (`5 * 60`), other than 0, 1 and -1,
    with no comment at the end of the statement (or inside it, for a value spread over several lines), no
    comment line directly above and no string directly above (the author's own way in aws-aio: a triple-quoted
    paragraph explaining `MAGIC_FACTOR = 0.03` right above it). A comment directly above a run of assignments
    (no blank line between them) documents the whole run, as in `# CS609's thresholds, from the catalog.` over
    two constants. Tool pragmas (`# noqa`, `# type: ...`) are not documentation.
    Exempt: dunder names (`__version__`), the members of enum classes (their values are identifiers, not
    tuned quantities), units whose value is their definition (`KB = 1024`, `HOUR = 60 * 60`,
    `SECONDS_PER_DAY = 86400`, `AWS_HOURS_PER_MONTH = 730`; a rate such as `REQUESTS_PER_SECOND = 50` is a
    choice and is reported), script code under `if __name__ == "__main__":`, and test files: a test's numbers
    are inputs made up for the test (the guide's own test constants carry no comment: Module-Level Test
    Constants).

    Fix (suggestion): append a trailing comment, either `# Arbitrarily chosen` or a
    `# TODO: why this value?` placeholder to replace with the reason.
    """

    code = "CS304"
    name = "undocumented-magic-number"

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        # Per statement list (module or block body): each statement's index, to find the one above it.
        self._indexes: Dict[int, Dict[int, int]] = {}

    priority = Priority.CRITICAL
    guideline = Guideline.HARDCODED_VALUES
    message = "Value of `{name}` is a magic number with no comment saying why it was chosen"
    fix_safety = FixSafety.SUGGESTION
    files = Files.NOT_TESTS
    VALID = [
        "MINIMUM_TRAFFIC = 0.01 # Gbps; arbitrarily chosen, but will yield a minimal cluster\n",
        # aws-aio's capacity_planning.py: a string right above explains the value.
        '"""\nThis factor converts the raw packet volume to OpenSearch storage; it is based on experience.\n"""\n'
        "MAGIC_FACTOR = 0.03\n",
        '"""Manually updated version number.  Increment if a backwards incompatible change is made."""\n'
        "AWS_AIO_VERSION=2\n",
        "AWS_HOURS_PER_MONTH=730\n",
        # Test inputs (aws-aio's test_ism_interactions.py).
        Valid("HISTORY_DAYS = 365\nSPI_DAYS = 30\nREPLICAS = 2\nPORT = 443\n", path="tests/test_ism.py"),
        "# Recommended number in the docs\nMASTER_NODE_COUNT = 3\n",
        "RETRIES = 0\nENABLED = 1\nMISSING = -1\nRATIO = 1.0\n",
        "__version__ = 2\n",
        "class Color(Enum):\n    RED = 1\n    GREEN = 2\n    BLUE = 3\n",
        "class Level(enum.IntFlag):\n    LOW = 4\n",
        "def plan() -> None:\n    buffer = 1.25\n",
        "TIMEOUT = (\n    30  # seconds, the load balancer's idle timeout\n)\n",
        "NAME = 'cluster'\nLIMIT = compute(5)\n",
        "config.retries = 5\n",
        "KB = 1024\nMB = KB * KB\nHOUR = 60 * 60\nSECONDS_PER_DAY = 86400\nONE_MINUTE = 60\n",
        "if __name__ == '__main__':\n    WORKERS = 8\n    main(WORKERS)\n",
        "# CS609's thresholds, from the catalog.\nMAX_BOOLEAN_OPERANDS = 3\nMIXED_MIN_OPERANDS = 3\n",
    ]
    INVALID = [
        Invalid("CAPACITY_BUFFER_FACTOR = 1.25\n", fixed="CAPACITY_BUFFER_FACTOR = 1.25  # Arbitrarily chosen\n"),
        Invalid("IDLE_TIMEOUT = 5 * 60\n", fixed="IDLE_TIMEOUT = 5 * 60  # Arbitrarily chosen\n"),
        Invalid("OFFSET = -5\r\n", fixed="OFFSET = -5  # Arbitrarily chosen\r\n"),
        Invalid(
            "@dataclass\nclass Plan:\n\tretries: int = 3\n",
            fixed="@dataclass\nclass Plan:\n\tretries: int = 3  # Arbitrarily chosen\n",
        ),
        Invalid(
            "# Timeouts\n\nTIMEOUT = (\n    60 *\n    60\n)\n",
            fixed="# Timeouts\n\nTIMEOUT = (\n    60 *\n    60\n)  # Arbitrarily chosen\n",
        ),
        Invalid("LIMIT = 100  # noqa: E501\n", fixed="LIMIT = 100  # noqa: E501  # Arbitrarily chosen\n"),
        Invalid("if FAST:\n    WORKERS = 8\n", fixed="if FAST:\n    WORKERS = 8  # Arbitrarily chosen\n"),
        Invalid("A = B = 0x10\n", fixed="A = B = 0x10  # Arbitrarily chosen\n"),
        Invalid(
            "# Timeouts, from the load balancer\nCONNECT = 10\n\nREAD = 30\n",
            fixed="# Timeouts, from the load balancer\nCONNECT = 10\n\nREAD = 30  # Arbitrarily chosen\n",
        ),
        Invalid(
            "LIMIT = 10  # the API's page size\nRETRIES = 3\n",
            fixed="LIMIT = 10  # the API's page size\nRETRIES = 3  # Arbitrarily chosen\n",
        ),
        # aws-aio's constants: nothing says why these values.
        Invalid("DEFAULT_S3_STORAGE_CLASS = 'STANDARD'\nDEFAULT_S3_STORAGE_DAYS = 30\n"),
        Invalid("VNI_DEFAULT = 123\nVNI_MIN = 1 # 0 is reserved for the default network segment\n"),
        # A rate of something other than a unit is a choice.
        Invalid("REQUESTS_PER_SECOND = 50\n"),
        # A string that is not right above (a blank line between) explains something else.
        Invalid('"""Module docs."""\n\nRETRIES = 3\n', fixed='"""Module docs."""\n\nRETRIES = 3  # Arbitrarily chosen\n'),
    ]

    def visit_Assign(self, node: cst.Assign) -> None:
        self._check(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._check(node)

    def _check(self, node: Assignment) -> None:
        value = node.value
        if value is None or not _is_numeric_expression(value) or _literal_number(value) in TRIVIAL_NUMBERS:
            return
        names = _simple_names(node)
        if not names or any(_is_dunder(name) or UNIT_NAME_PATTERN.match(name) for name in names):
            return
        statement = _statement_line(self)
        if statement is None or not self._at_module_or_class_level() or _in_main_block(self.context):
            return
        if _documenting_comment(statement.trailing_whitespace.comment) or _comment_directly_above(
            self.context, statement
        ):
            return
        if "#" in self.context.code_for(node) and _comment_lines(self.context.code_for(node)):
            return
        if self._documented_by_group_comment(statement) or self._string_directly_above(statement):
            return
        line = self.context.range_of(node).end.line
        end = Position(line, len(self.source.line_text(line).rstrip()))
        fixes = [
            self.fix(
                "Comment: arbitrarily chosen", FixSafety.SUGGESTION, self.insert_at(end, f"  {ARBITRARY_COMMENT}")
            ),
            self.fix(
                "Comment: TODO say why this value", FixSafety.SUGGESTION, self.insert_at(end, f"  {TODO_COMMENT}")
            ),
        ]
        self.report(node, fixes=fixes, name=names[0])

    def _documented_by_group_comment(self, statement: cst.SimpleStatementLine) -> bool:
        """True when the statement ends a run of assignments (no blank or comment line between them) whose
        first one has a documenting comment directly above: `# CS609's thresholds, from the catalog.` over
        two constants documents both."""
        ancestors = self.context.ancestors
        if len(ancestors) < 2 or not isinstance(ancestors[-2], (cst.Module, cst.IndentedBlock)):
            return False
        body = ancestors[-2].body
        index = self._index_in(body, statement)
        while index > 0 and not _leading_lines(self.context, body[index]):
            previous = body[index - 1]
            if not _is_assignment_line(previous):
                return False
            if _comment_directly_above(self.context, previous):
                return True
            index -= 1
        return False

    def _string_directly_above(self, statement: cst.SimpleStatementLine) -> bool:
        """True when the statement right above, with no blank line between, is a bare string: a paragraph that
        explains the value, written as a docstring-like literal."""
        previous = self._previous_statement(statement)
        if previous is None or _leading_lines(self.context, statement):
            return False
        return (
            isinstance(previous, cst.SimpleStatementLine)
            and len(previous.body) == 1
            and isinstance(previous.body[0], cst.Expr)
            and isinstance(previous.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
        )

    def _previous_statement(self, statement: cst.SimpleStatementLine) -> Optional[cst.BaseStatement]:
        ancestors = self.context.ancestors
        if len(ancestors) < 2 or not isinstance(ancestors[-2], (cst.Module, cst.IndentedBlock)):
            return None
        body = ancestors[-2].body
        index = self._index_in(body, statement)
        return body[index - 1] if index > 0 else None

    def _index_in(self, body: Sequence[cst.BaseStatement], statement: cst.BaseStatement) -> int:
        indexes = self._indexes.get(id(body))
        if indexes is None:
            indexes = {id(sibling): index for index, sibling in enumerate(body)}
            self._indexes[id(body)] = indexes
        return indexes[id(statement)]

    def _at_module_or_class_level(self) -> bool:
        if self.context.at_module_level():
            return True
        if self.context.in_function():
            return False
        enclosing = self.context.enclosing_class()
        return enclosing is not None and not _is_enum_class(enclosing)
