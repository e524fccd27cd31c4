"""CS405 print-instead-of-logger: `print(...)` in a module that is not a command-line entry point."""

import logging
import re
from typing import List, Optional, Set, Tuple, Union

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.facts.names import UNBOUND, import_bindings
from chris_style.linting.rule import Files, Fix, FixSafety, Invalid, Rule, Valid
from chris_style.linting.syntax import dotted_name, is_name
from chris_style.rules.errors._shared import module_logger_edits

logger = logging.getLogger(__name__)

# Modules whose import marks a command-line entry point, where printing is the interface (CS405).
CLI_MODULES = frozenset({"click", "argparse", "typer", "optparse", "getopt", "docopt", "fire"})
SCRIPTS_DIRECTORY = "scripts"
MAIN_MODULE_FILE = "__main__.py"
# Function names that are command-line entry points by convention (the target of a console script).
ENTRY_POINT_FUNCTIONS = frozenset({"main"})
# `print(..., file=...)` to one of these still prints to the terminal.
STANDARD_STREAMS = frozenset({"sys.stdout", "sys.stderr"})
# A module reading its command line is a script, whatever parses the arguments.
COMMAND_LINE_PATTERN = re.compile(r"\bsys\.argv\b|\bfrom\s+sys\s+import\b[^\n]*\bargv\b")


def is_main_guard(statement: cst.CSTNode) -> bool:
    """`if __name__ == "__main__":` (either operand order, any quotes, also as one operand of an `and`)."""
    return isinstance(statement, cst.If) and _tests_main(statement.test)


def _tests_main(test: cst.BaseExpression) -> bool:
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _tests_main(test.left) or _tests_main(test.right)
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    if not isinstance(test.comparisons[0].operator, cst.Equal):
        return False
    operands = [test.left, test.comparisons[0].comparator]
    names = [o for o in operands if is_name(o, "__name__")]
    strings = [o for o in operands if isinstance(o, cst.SimpleString) and o.evaluated_value == "__main__"]
    return len(names) == 1 and len(strings) == 1


def _called_names(root: cst.CSTNode) -> Set[str]:
    names: Set[str] = set()
    stack: List[cst.CSTNode] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
            names.add(node.func.value)
        stack.extend(tree.children(node))
    return names


class PrintInsteadOfLogger(Rule):
    """A `print(...)` call in a module that is not a command-line entry point.

    The guide logs through module-level loggers "consistently throughout"; `print` output cannot be filtered,
    levelled or routed. Exempt, because printing is their interface: test files, `__main__.py`, files under a
    `scripts` directory, modules that import a CLI library (`click`, `argparse`, `typer`, also `optparse`,
    `getopt`, `docopt`, `fire`) or read `sys.argv`, code under `if __name__ == "__main__":` (also
    `if <cond> and __name__ == "__main__":`), the module-level functions that block calls, and functions
    named `main` (the usual console-script target, also when defined under a `try:`). Also exempt:
    `print(..., file=f)` writing to a file other than `sys.stdout`/`sys.stderr`, and a `print` the module
    binds to something else (`from rich import print`).

    Fix (suggestion): `logger.info(...)` on the module's logger (defined when missing, as for CS404), when
    the call has positional arguments only; several arguments become `logger.info("%s %s", a, b)`.
    """

    code = "CS405"
    name = "print-instead-of-logger"
    priority = Priority.PREFERRED
    guideline = Guideline.LOGGING_APPROACH
    message = "`print()` in library code; log through the module's logger instead"
    files = Files.NOT_TESTS
    fix_safety = FixSafety.SUGGESTION
    VALID = [
        "import click\n\n\n@click.command()\ndef main() -> None:\n    print('done')\n",
        "import argparse\n"
        "\n\ndef main() -> None:\n    parser = argparse.ArgumentParser()\n    print(parser.parse_args())\n",
        "def report() -> None:\n    pass\n\n\nif __name__ == '__main__':\n    print('done')\n",
        "def main() -> None:\n    print('done')\n\n\nif __name__ == \"__main__\":\n    sys.exit(main())\n",
        Valid("print('hello')\n", path="pkg/__main__.py"),
        Valid("print('hello')\n", path="scripts/release.py"),
        Valid("def test_WHEN_run_THEN_prints() -> None:\n    print('debug')\n", path="tests/test_run.py"),
        "import sys\n"
        "\n\ndef write(rows: list, out: TextIO) -> None:\n    for row in rows:\n        print(row, file=out)\n",
        "from rich import print\n\n\ndef show(value: str) -> None:\n    print(value)\n",
        "class Console:\n    def show(self, value: str) -> None:\n        self.print(value)\n",
        "try:\n    from ._main import main\nexcept ImportError:\n\n    def main() -> None:\n"
        "        print('install the [cli] extra')\n        sys.exit(1)\n",
        "if sys.platform != 'win32' and __name__ == '__main__':\n    print(decode(DATA))\n",
        "import sys\n\n\ndef clientside() -> None:\n    print('client side starting')\n    host = sys.argv[1]\n",
    ]
    INVALID = [
        Invalid(
            "import logging\n"
            "\nlogger = logging.getLogger(__name__)\n\n\ndef run(item: str) -> None:\n    print(item)\n",
            fixed="import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef run(item: str) -> None:\n"
            "    logger.info(item)\n",
        ),
        Invalid(
            "import os\n\n\ndef run(item: str) -> None:\n    print('processing', item)\n",
            fixed=(
                    'import logging\n'
                    'import os\n'
                    '\n'
                    'logger = logging.getLogger(__name__)\n'
                    '\n'
                    '\n'
                    'def run(item: str) -> None:\n'
                    '    logger.info("%s %s", \'processing\', item)\n'
                ),
        ),
        Invalid("import sys\n\n\ndef warn(text: str) -> None:\n    print(text, file=sys.stderr)\n"),
        # Only the functions the `__main__` block calls directly are the command line's.
        Invalid(
            "import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef helper() -> None:\n    print('x')\n\n\n"
            "def main() -> None:\n    helper()\n\n\nif __name__ == '__main__':\n    main()\n",
            fixed="import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef helper() -> None:\n"
            "    logger.info('x')\n\n\ndef main() -> None:\n    helper()\n\n\nif __name__ == '__main__':\n    main()\n",
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = self.context.facts.names
        self._candidates: List[Tuple[cst.Call, Optional[str], List[Fix]]] = []
        path = self.source.path
        self._exempt = path is not None and (
            path.name == MAIN_MODULE_FILE or SCRIPTS_DIRECTORY in path.parts[:-1]
        )
        self._exempt = (
            self._exempt
            or any(
                origin is not None and origin.split(".")[0] in CLI_MODULES
                for origin in self._resolver.module_bindings().values()
            )
            or ("argv" in self.source.text and COMMAND_LINE_PATTERN.search(self.source.text) is not None)
        )

    def visit_Import(self, node: cst.Import) -> None:
        self._note_import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._note_import(node)

    def _note_import(self, node: Union[cst.Import, cst.ImportFrom]) -> None:
        if any(origin.split(".")[0] in CLI_MODULES for _, origin in import_bindings(node)):
            self._exempt = True

    def visit_Call(self, node: cst.Call) -> None:
        if self._exempt or not is_name(node.func, "print"):
            return
        if self._resolver.lookup("print") is not UNBOUND:
            return
        if any(is_main_guard(ancestor) for ancestor in self.context.ancestors[1:2]):
            return
        for arg in node.args:
            if is_name(arg.keyword, "file") and dotted_name(arg.value) not in STANDARD_STREAMS:
                return
        outermost = next((a for a in self.context.ancestors if isinstance(a, (cst.FunctionDef, cst.ClassDef))), None)
        top_function = outermost.name.value if isinstance(outermost, cst.FunctionDef) else None
        if top_function in ENTRY_POINT_FUNCTIONS:
            return
        self._candidates.append((node, top_function, self._fixes(node)))

    def leave_Module(self, original_node: cst.Module) -> None:
        if self._exempt or not self._candidates:
            return
        called_from_main: Set[str] = set()
        for statement in original_node.body:
            if is_main_guard(statement):
                called_from_main |= _called_names(statement)
        for call, top_function, fixes in self._candidates:
            if top_function is None or top_function not in called_from_main:
                self.report(call, fixes=fixes)

    def _fixes(self, node: cst.Call) -> List[Fix]:
        args = node.args
        if not args or any(arg.keyword is not None or arg.star for arg in args):
            return []
        logger = module_logger_edits(self, self._resolver, node)
        if logger is None:
            return []
        name, edits = logger
        changes = [self.replace(node.func, f"{name}.info")]
        if len(args) > 1:
            placeholders = " ".join(["%s"] * len(args))
            changes.append(self.insert_at(self.context.range_of(args[0]).start, f'"{placeholders}", '))
        return [self.fix(f"Replace with `{name}.info()`", FixSafety.SUGGESTION, *changes, *edits)]
