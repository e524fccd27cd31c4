"""CS306 undocumented-data-literal: a large module-level data literal has no comment saying where the data
came from."""

import logging
import re

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.provenance import code_line_count, data_literal, documented_at_its_top, is_data
from chris_style.linting.rule import Files, FixSafety, Invalid, Rule, Scope, Valid
from chris_style.linting.source import Position
from chris_style.rules.documentation._shared import (
    Assignment,
    _assignment_targets,
    _in_main_block,
    _is_dunder,
    _line_indent,
    _simple_names,
    _statement_line,
)

logger = logging.getLogger(__name__)

SOURCE_COMMENT = "# Source: "
# Modules a framework reads its configuration from (Django's `settings.py`, `*_settings.py` or a `settings`
# package; Sphinx's `conf.py`): their lists and dicts are settings the framework documents, not pasted data.
FRAMEWORK_SETTINGS_FILE = re.compile(r"^(settings|\w+_settings|conf)\.py$")
FRAMEWORK_SETTINGS_PACKAGE = "settings"


class UndocumentedDataLiteral(Rule):
    """A large module-level data literal has no comment saying where the data came from.

    The guide's Inline Comments for Provenance (PREFERRED): "When data is generated or derived from external
    sources (AI, documentation, conversations), include inline comments documenting the source and method",
    as in `# See: https://schema.ocsf.io/1.1.0/` above `OCSF_EVENT_CLASSES = [...]`.

    Reported: a module-level assignment of a list, dict, set or tuple literal (also inside `frozenset(...)`,
    `tuple(...)` and the like) spanning at least `data-literal-min-lines` lines (default 10), with no comment
    line directly above it, no comment on its first line and no comment line naming a source (a link, "source",
    "see", "from", ...) opening the literal (`PRICES = {` then
    `# https://aws.amazon.com/opensearch-service/pricing/`; a section heading there, `# Informational.`, names
    none). Whether a comment names a source
    cannot be judged reliably, so any comment counts (tool pragmas such as `# fmt: off` do not). Exempt: dunder
    names (`__all__`), script code under `if __name__ == "__main__":`, tables that are mostly code rather than
    data (at most twice as many literals as references to names, attributes or calls, like a dispatch table
    of functions), test files (the guide's own large test events carry no provenance comment: Test Data
    Organization), and the modules a framework reads its configuration from (Django's `settings.py`,
    `*_settings.py` or a `settings` package, Sphinx's `conf.py`): `INSTALLED_APPS` or `MIDDLEWARE` are settings
    the framework documents, not data from elsewhere.

    Fix (suggestion): insert a `# Source: ` comment line above the assignment, to complete.
    """

    code = "CS306"
    name = "undocumented-data-literal"
    priority = Priority.PREFERRED
    guideline = Guideline.PROVENANCE_COMMENTS
    message = "Data literal `{name}` ({lines} lines) has no comment saying where the data came from"
    fix_safety = FixSafety.SUGGESTION
    scope = Scope.STATEMENT
    files = Files.NOT_TESTS
    VALID = [
        "# See: https://schema.ocsf.io/1.1.0/\nEVENT_CLASSES = [\n" + "    'class',\n" * 10 + "]\n",
        "EVENT_CLASSES = [  # copied from the OCSF 1.1.0 schema\n" + "    'class',\n" * 10 + "]\n",
        "EVENT_CLASSES = [\n" + "    'class',\n" * 7 + "]\n",
        "__all__ = [\n" + "    'name',\n" * 10 + "]\n",
        "HANDLERS = {\n" + "    'name': handle_name,\n" * 10 + "}\n",
        "MEANINGS = {\n    **{name: f'typing.{name}' for name in NAMES},\n" + "    'a': 'b',\n" * 9 + "}\n",
        "def build() -> list:\n    rows = [\n" + "        'row',\n" * 10 + "    ]\n    return rows\n",
        Valid("EVENT_CLASSES = [\n" + "    'class',\n" * 10 + "]\n", settings={"data-literal-min-lines": 20}),
        "if __name__ == '__main__':\n    exchanges = [\n" + "        'SGD',\n" * 10 + "    ]\n",
        # aws-aio's price_report.py: the source is the literal's first line.
        "US_EAST_1_PRICES: Dict[str, float] = {\n    # https://aws.amazon.com/opensearch-service/pricing/\n"
        + "    't3.small.search': 0.036,\n" * 10 + "}\n",
        # ocsf-playground's Django settings.
        Valid("INSTALLED_APPS = [\n" + "    'django.contrib.admin',\n" * 10 + "]\n", path="playground/settings.py"),
        Valid("MIDDLEWARE = [\n" + "    'django.middleware.common.CommonMiddleware',\n" * 10 + "]\n",
              path="config/settings/base.py"),
        Valid("linkcheck_ignore = [\n" + "    'https://pypi.org/project/attr/#history',\n" * 10 + "]\n",
              path="docs/conf.py"),
        # The guide's module-level test events (Test Data Organization) carry no provenance comment.
        Valid("TEST_EVENT_EC2_RUNNING = {\n" + "    'version': '0',\n" * 10 + "}\n",
              path="test_manage_arkime/test_handler.py"),
    ]
    INVALID = [
        Invalid(
            "import json\n\nEVENT_CLASSES = [\n" + "    {'name': 'x', 'uid': 1},\n" * 9 + "]\n",
            fixed="import json\n\n# Source: \nEVENT_CLASSES = [\n" + "    {'name': 'x', 'uid': 1},\n" * 9 + "]\n",
        ),
        Invalid(
            "# fmt: off\r\nCODES: Dict[str, int] = {\r\n" + "    'a': 1,\r\n" * 9 + "}\r\n",
            fixed="# fmt: off\r\n# Source: \r\nCODES: Dict[str, int] = {\r\n" + "    'a': 1,\r\n" * 9 + "}\r\n",
        ),
        Invalid(
            "if FULL:\n\tNAMES = frozenset({\n" + "\t\t'a',\n" * 9 + "\t})\n",
            fixed="if FULL:\n\t# Source: \n\tNAMES = frozenset({\n" + "\t\t'a',\n" * 9 + "\t})\n",
        ),
        Invalid(
            "ROWS = (\n" + "    ('a', 1),  # first\n" * 9 + ")\n",
            fixed="# Source: \nROWS = (\n" + "    ('a', 1),  # first\n" * 9 + ")\n",
        ),
        # A section heading opening the table (requests' status_codes.py) says nothing of where it came from.
        Invalid(
            "CODES = {\n    # Informational.\n    100: ('continue',),\n" + "    101: ('switching',),\n" * 8 + "}\n",
            fixed="# Source: \nCODES = {\n    # Informational.\n    100: ('continue',),\n"
            + "    101: ('switching',),\n" * 8 + "}\n",
        ),
    ]

    def visit_Assign(self, node: cst.Assign) -> None:
        self._check(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._check(node)

    def _check(self, node: Assignment) -> None:
        literal = None if node.value is None else data_literal(node.value)
        if literal is None or not self.context.at_module_level() or _in_main_block(self.context):
            return
        if self._is_framework_settings():
            return
        names = _simple_names(node)
        if not names or any(_is_dunder(name) for name in names):
            return
        statement = _statement_line(self)
        if statement is None:
            return
        lines = code_line_count(self.context, literal)
        if lines < self.settings.data_literal_min_lines or not is_data(literal):
            return
        if documented_at_its_top(self.context, statement, literal):
            return
        start = self.context.range_of(statement).start.line
        indent = _line_indent(self.source.line_text(start))
        edit = self.insert_at(Position(start, 0), f"{indent}{SOURCE_COMMENT}{self.source.newline}")
        self.report(
            _assignment_targets(node)[0],
            fixes=[self.fix("Insert a `# Source: ` comment", FixSafety.SUGGESTION, edit)],
            name=names[0],
            lines=lines,
        )

    def _is_framework_settings(self) -> bool:
        path = self.source.path
        if path is None:
            return False
        return bool(FRAMEWORK_SETTINGS_FILE.match(path.name)) or FRAMEWORK_SETTINGS_PACKAGE in path.parts[:-1]
