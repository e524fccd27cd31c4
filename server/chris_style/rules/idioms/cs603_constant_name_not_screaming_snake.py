"""CS603 constant-name-not-screaming-snake: module-level constants are SCREAMING_SNAKE_CASE."""

import fnmatch
import logging
import re
from typing import Dict, Iterator, List, Optional, Set, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, RuleContext, Valid
from chris_style.linting.syntax import is_name
from chris_style.rules.idioms._module_bindings import _GlobalUses, _scope_bindings
from chris_style.rules.idioms._shared import _last_name, _recased

logger = logging.getLogger(__name__)

# Module-level names a tool reads by their lowercase name: they are not the author's to rename.
TOOL_MODULE_NAMES = frozenset({"pytest_plugins", "default_app_config", "app_name", "collect_ignore"})
# Configuration modules whose lowercase module variables are the tool's settings (Sphinx's `conf.py`,
# gunicorn's `gunicorn.conf.py`).
TOOL_CONFIG_FILE_PATTERNS = ("conf.py", "*.conf.py", "*_conf.py")
TYPE_ALIAS_NAMES = frozenset({"TypeAlias"})
ALL_NAME = "__all__"


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _is_literal(node: cst.BaseExpression) -> bool:
    """A number, string or bytes literal, or a tuple/frozenset of literals (what CS603 calls a constant)."""
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return _is_literal(node.left) and _is_literal(node.right)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return isinstance(node.expression, (cst.Integer, cst.Float, cst.Imaginary))
    if isinstance(node, cst.Tuple):
        return all(isinstance(element, cst.Element) and _is_literal(element.value) for element in node.elements)
    if isinstance(node, cst.Call) and is_name(node.func, "frozenset"):
        call = node
        if not call.args:
            return True
        if len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star:
            return False
        value = call.args[0].value
        return isinstance(value, (cst.Set, cst.Tuple, cst.List)) and all(
            isinstance(element, cst.Element) and _is_literal(element.value) for element in value.elements
        )
    return False


def _is_multiline_string(node: cst.BaseExpression, code: str) -> bool:
    return isinstance(node, (cst.SimpleString, cst.ConcatenatedString)) and "\n" in code


def _is_screaming(name: str) -> bool:
    return name.upper() == name and any(character.isalpha() for character in name)


class ConstantNameNotScreamingSnake(Rule):
    """A module-level constant is not named in SCREAMING_SNAKE_CASE.

    The guide (Constants, CRITICAL): "`SCREAMING_SNAKE_CASE` for module-level constants", as in
    `MAX_TRAFFIC` or `DEFAULT_SPI_DAYS`. A constant here is a name bound exactly once at module level, by a
    statement of the module body itself, to a literal value: a number (a sign allowed), a string or bytes
    literal, or a tuple or `frozenset(...)` of literals, and never rebound anywhere in the module (a second
    assignment, `+=`, a `for` or `with` target, an import, a `def`, `del`, or a `global` declaration in some
    function all mean it is a variable). A leading underscore is kept (`_DEFAULT_TIMEOUT`).

    Exempt: dunder names (`__version__`); names bound to anything else, calls included
    (`logger = logging.getLogger(__name__)`); booleans and `None` (flags and caches rebound at run time);
    type aliases (`X: TypeAlias = ...`); multi-line string literals (the guide names its prompt templates
    in lowercase); names a tool reads by their lowercase name (`pytest_plugins`, `default_app_config`,
    `app_name`, `collect_ignore`, and the setting `framework-names`); the settings modules of Sphinx and
    gunicorn (`conf.py`, `*.conf.py`, `*_conf.py`); bindings inside `if`/`try` blocks at module level.

    Fix (unsafe; renames in this file only): rename the binding and every use of it in this file, `__all__`
    entries included. Uses inside a function, lambda or comprehension that binds the same name itself are left
    alone, since they refer to that local. Unsafe because other modules may import the old name. No fix when the new name is
    already used in the file, when a class body binds the same name, or when the module reaches its
    globals dynamically (`globals()`, `eval`, `exec`, `vars`).
    """

    code = "CS603"
    name = "constant-name-not-screaming-snake"
    priority = Priority.CRITICAL
    guideline = Guideline.NAMING_CONSTANTS
    message = "Module constant `{name}` is not SCREAMING_SNAKE_CASE (`{suggestion}`)"
    fix_safety = FixSafety.UNSAFE
    VALID = [
        "MAX_TRAFFIC = 100  # the cluster's limit\n",
        "_DEFAULT_TIMEOUT = 30.0  # seconds\n",
        "__version__ = '1.0'\n",
        "logger = logging.getLogger(__name__)\n",
        "prompt_template = '''\nYou are an expert.\n'''\n",
        "help_text = (\n    'first part '\n    'second part'\n)\n",
        "counter = 0\n\ndef bump():\n    global counter\n    counter += 1\n",
        "retries = 3\nretries = 4\n",
        "total = 0\nfor value in range(3):\n    total += value\n",
        "debug = False\ncache = None\n",
        "from typing import TypeAlias\n\nJsonText: TypeAlias = 'str'\n",
        "try:\n    import ujson as json\nexcept ImportError:\n    json_module = 'json'\n",
        "names = ['a', 'b']\n",
        "pytest_plugins = ('pytester',)\n",
        Valid("project = 'Flask'\nhtml_theme = 'pallets'\n", path="docs/conf.py"),
        "mode = 'fast'\n\ndef mode():\n    pass\n",
    ]
    INVALID = [
        Invalid(
            "max_traffic = 100  # the cluster's limit\n\n\ndef plan(traffic: int) -> bool:\n"
            "    return traffic > max_traffic\n",
            fixed="MAX_TRAFFIC = 100  # the cluster's limit\n\n\ndef plan(traffic: int) -> bool:\n"
            "    return traffic > MAX_TRAFFIC\n",
        ),
        Invalid(
            "defaultRegion = 'us-east-1'\n__all__ = ['defaultRegion']\n\n\ndef region(defaultRegion=None):\n"
            "    return defaultRegion or 'x'\n\n\ndef other():\n    return defaultRegion\n",
            fixed="DEFAULT_REGION = 'us-east-1'\n__all__ = ['DEFAULT_REGION']\n\n\ndef region(defaultRegion=None):\n"
            "    return defaultRegion or 'x'\n\n\ndef other():\n    return DEFAULT_REGION\n",
        ),
        Invalid("_timeout = -2.5\n", fixed="_TIMEOUT = -2.5\n"),
        Invalid("valid_states = ('on', 'off')\n", fixed="VALID_STATES = ('on', 'off')\n"),
        Invalid("units = frozenset({'s', 'ms'})\n", fixed="UNITS = frozenset({'s', 'ms'})\n"),
        Invalid("magic = b'\\x00'\n", fixed="MAGIC = b'\\x00'\n"),
        Invalid("limit: int = 10\n", fixed="LIMIT: int = 10\n"),
        Invalid(
            "size = 3\n\ndef grid():\n    return [size for size in range(size)]\n",
            fixed="SIZE = 3\n\ndef grid():\n    return [size for size in range(SIZE)]\n",
        ),
        Invalid("limit = 3\nLIMIT_VALUE = 4\n\nclass Box:\n    limit = 5\n"),
        Invalid("limit = 3\nLIMIT = 4\n", count=1),
        # Issue #12: a constant bound in a `;`-joined statement.
        Invalid('GREETING = "hi"; maxNodes = 12  # nodes\n', fixed='GREETING = "hi"; MAX_NODES = 12  # nodes\n'),
        # aws-aio constants.py: the command names mix cases.
        Invalid('CMD_cluster_create = "CreateCluster"\n', fixed='CMD_CLUSTER_CREATE = "CreateCluster"\n'),
    ]

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self._declared_global: Set[str] = set()

    def visit_Global(self, node: cst.Global) -> None:
        self._declared_global.update(item.name.value for item in node.names)

    def _is_exempt_file(self) -> bool:
        path = self.source.path
        return path is not None and any(
            fnmatch.fnmatchcase(path.name, pattern) for pattern in TOOL_CONFIG_FILE_PATTERNS
        )

    def _candidates(self, statement: cst.BaseStatement) -> Iterator[Tuple[cst.Name, cst.BaseExpression]]:
        """The constants a module-level statement line binds, `;`-joined ones included."""
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                found = self._candidate(small)
                if found is not None:
                    yield found

    def _candidate(self, small: cst.BaseSmallStatement) -> Optional[Tuple[cst.Name, cst.BaseExpression]]:
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target, value = small.targets[0].target, small.value
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            if _last_name(small.annotation.annotation) in TYPE_ALIAS_NAMES:
                return None
            target, value = small.target, small.value
        else:
            return None
        if not isinstance(target, cst.Name):
            return None
        name = target.value
        if _is_screaming(name) or _is_dunder(name) or not any(character.isalpha() for character in name):
            return None
        if name in TOOL_MODULE_NAMES or any(fnmatch.fnmatchcase(name, p) for p in self.settings.framework_names):
            return None
        if not _is_literal(value) or _is_multiline_string(value, self.context.code_for(value)):
            return None
        return target, value

    def leave_Module(self, original_node: cst.Module) -> None:
        if self._is_exempt_file():
            return
        candidates = [found for statement in original_node.body for found in self._candidates(statement)]
        if not candidates:
            return
        counts: Dict[str, int] = {}
        for name in _scope_bindings(list(original_node.body)):
            counts[name] = counts.get(name, 0) + 1
        constants = [
            target
            for target, _ in candidates
            if counts.get(target.value) == 1 and target.value not in self._declared_global
        ]
        if not constants:
            return
        collector = _GlobalUses(frozenset(target.value for target in constants))
        collector.walk(original_node)
        for target in constants:
            name = target.value
            suggestion = _recased(name, upper=True)
            fixes = self._rename_fix(original_node, name, suggestion, collector.uses(name))
            self.report(target, fixes=fixes, name=name, suggestion=suggestion)

    def _rename_fix(
        self, module: cst.Module, name: str, new_name: str, uses: Optional[List[cst.Name]]
    ) -> List[Fix]:
        if uses is None or not new_name.isidentifier() or re.search(rf"\b{re.escape(new_name)}\b", self.source.text):
            return []
        edits = [self.replace(use, new_name) for use in uses]
        edits.extend(self._all_entry_edits(module, name, new_name))
        return [self.fix(f"Rename `{name}` to `{new_name}` (renames in this file only)", FixSafety.UNSAFE, *edits)]

    def _all_entry_edits(self, module: cst.Module, name: str, new_name: str) -> Iterator[Edit]:
        for statement in module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(is_name(t.target, ALL_NAME) for t in small.targets):
                    value = small.value
                elif isinstance(small, (cst.AugAssign, cst.AnnAssign)) and is_name(small.target, ALL_NAME):
                    value = small.value
                else:
                    continue
                if not isinstance(value, (cst.List, cst.Tuple)):
                    continue
                for element in value.elements:
                    entry = element.value
                    if isinstance(entry, cst.SimpleString) and entry.evaluated_value == name:
                        yield self.replace(entry, f"{entry.prefix}{entry.quote}{new_name}{entry.quote}")
