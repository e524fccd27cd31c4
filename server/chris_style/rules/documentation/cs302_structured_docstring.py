"""CS302 structured-docstring: a docstring is written in a structured convention: Sphinx, Google or NumPy."""

import logging
import re
from typing import Optional, Tuple, Union

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Rule, RuleContext, Valid
from chris_style.linting.syntax import string_value
from chris_style.rules.documentation._shared import _docstring_string

logger = logging.getLogger(__name__)

SPHINX_FIELD_PATTERN = re.compile(
    r"^[ \t]*(:(?:param|parameter|arg|argument|key|keyword|type|raises?|except|exception|returns?|rtype|"
    r"yields?|ytype|ivar|cvar|var|vartype)\b[^:\n]*:)",
    re.M,
)
GOOGLE_SECTION_PATTERN = re.compile(
    r"^([ \t]*)(Args|Arguments|Keyword Args|Keyword Arguments|Parameters|Returns|Return|Raises|Yields|Yield|"
    r"Attributes):[ \t]*\r?\n(?:[ \t]*\r?\n)*([ \t]*)\S",
    re.M,
)
NUMPY_SECTION_PATTERN = re.compile(
    r"^[ \t]*(Parameters|Other Parameters|Returns|Yields|Receives|Raises|Warns)[ \t]*\r?\n[ \t]*-{3,}[ \t]*$",
    re.M,
)


def structured_form(docstring: str) -> Optional[Tuple[str, str]]:
    """The structured docstring convention a docstring follows, as (style, marker), or None for prose.

    A Google section counts only when its header stands alone on a line and the next text is indented
    deeper, so prose such as "Returns: the plan" stays prose."""
    sphinx = SPHINX_FIELD_PATTERN.search(docstring)
    if sphinx:
        return "Sphinx", sphinx.group(1)
    for google in GOOGLE_SECTION_PATTERN.finditer(docstring):
        if len(google.group(3).expandtabs()) > len(google.group(1).expandtabs()):
            return "Google", f"{google.group(2)}:"
    numpy = NUMPY_SECTION_PATTERN.search(docstring)
    if numpy:
        return "NumPy", f"{numpy.group(1)} ---"
    return None


def _string_text(context: RuleContext, string: cst.BaseExpression) -> str:
    """A docstring's value (escapes resolved, pieces joined), or its source when it cannot be evaluated."""
    value = None
    if isinstance(string, (cst.SimpleString, cst.ConcatenatedString)):
        try:
            value = string_value(string) if isinstance(string, cst.SimpleString) else string.evaluated_value
        except (ValueError, SyntaxError, UnicodeDecodeError):
            value = None
    return value if isinstance(value, str) else context.code_for(string)


class StructuredDocstring(Rule):
    """A docstring is written in a structured convention: Sphinx, Google or NumPy.

    The guide's Docstring Style (PREFERRED): "Simple triple-quoted explanatory comments, not structured
    docstrings (no Sphinx/Google/NumPy format)". Recognised forms: Sphinx fields at the start of a line
    (`:param x:`, `:returns:`, `:raises E:`, `:rtype:`...), Google sections (`Args:`, `Returns:`, `Raises:`,
    `Yields:`, `Attributes:`... alone on a line, followed by indented text) and NumPy sections (`Parameters`,
    `Returns`, `Raises`... underlined with dashes). Module, class and function docstrings are checked.

    Off when `docstring-style = "structured"` (a project whose published API docs need them, the guide's own
    example of a justified deviation).
    """

    code = "CS302"
    name = "structured-docstring"
    priority = Priority.PREFERRED
    guideline = Guideline.DOCSTRING_STYLE
    message = "{style}-style docstring (`{marker}`): the guide prefers plain explanatory prose"
    VALID = [
        'def plan(traffic: float) -> Plan:\n    """\n    Creates a capacity plan for the indicated traffic.\n'
        '    traffic: the expected traffic in Gbps\n    """\n',
        'def plan() -> Plan:\n    """Returns: the plan, freshly built."""\n',
        'def plan() -> Plan:\n    """Builds the plan. For example:\n        plan()\n    """\n',
        'def plan() -> Plan:\n    """Builds the plan.\n\n    Examples\n    --------\n    plan()\n    """\n',
        'def plan() -> Plan:\n    """Uses :class:`Plan` and :func:`build` to do it."""\n',
        Valid(
            'def plan() -> Plan:\n    """\n    :returns: a plan\n    """\n', settings={"docstring-style": "structured"}
        ),
        "TEMPLATE = '''\n:param x: not a docstring\n'''\n",
    ]
    INVALID = [
        Invalid(
            'def plan(a: int) -> Plan:\n    """Plans.\n\n    :param a: the traffic\n    :returns: the plan\n    """\n'
        ),
        Invalid('def plan(a: int) -> Plan:\n    """Plans.\n\n    Args:\n        a: the traffic\n    """\n'),
        Invalid('def plan(a: int) -> Plan:\n    """Plans.\n\n    Returns:\n        The plan.\n    """\n'),
        Invalid('class Plan:\n    """A plan.\n\n    Parameters\n    ----------\n    a : int\n    """\n'),
        Invalid('"""Plans.\n\n:raises ValueError: when empty\n"""\n'),
        Invalid(
            "def plan(a: int) -> Plan:\r\n    '''Plans.\r\n\r\n    Raises:\r\n        ValueError: never\r\n    '''\r\n"
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._check(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._check(node.body)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._check(node.body)

    def _check(self, body: Union[cst.BaseSuite, cst.Module]) -> None:
        if self.settings.docstring_style == "structured":
            return
        string = _docstring_string(body)
        if string is None:
            return
        form = structured_form(_string_text(self.context, string))
        if form is not None:
            self.report(string, style=form[0], marker=form[1])
