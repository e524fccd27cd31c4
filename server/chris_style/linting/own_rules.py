"""The engine's own diagnostics (CS0xx): code that does not parse, and the suppression protocol's mistakes.

Their detection lives in the engine (runner.py, suppressions.py); these classes carry what users see: code,
name, priority, message, documentation and examples. Every rule set holds them (see registry.py).
"""

import logging

from chris_style.guide import Guideline, Priority
from chris_style.linting.own_codes import DEVIATION_WITHOUT_REASON_CODE, SYNTAX_ERROR_CODE, UNUSED_SUPPRESSION_CODE
from chris_style.linting.rule import FixSafety, Invalid, Rule

logger = logging.getLogger(__name__)


class SyntaxErrorRule(Rule):
    """The buffer does not parse.

    One diagnostic at the parser's location with its message; no other rule runs on a buffer that does not
    parse, so no stale findings are shown. Always shown with Error severity. Code written for Python 3.12 and
    3.13 (PEP 695 generics, nested-quote f-strings) parses whatever Python runs chris-style.
    """

    code = SYNTAX_ERROR_CODE
    name = "syntax-error"
    priority = Priority.CRITICAL
    guideline = Guideline.DEVIATION_PROTOCOL
    message = "Syntax error: {message}"
    priority_note = "Shown as an Error whatever the severity settings say: nothing else can be checked."
    VALID = [
        "def first[T](items: list[T]) -> T:\n    return items[0]\n",
        "greeting = f\"{'hello' + f\"{1}\"}\"\n",
    ]
    INVALID = [Invalid("def broken(:\n    pass\n"), Invalid("x = (1,\n")]


class DeviationWithoutReason(Rule):
    """A `# DEVIATION` comment that gives no reason.

    The guide's deviation protocol asks to "document why the deviation is justified". A deviation has a
    reason when text follows the colon on its line or a `# Reason: …` comment line stands right below it.

    Fix (suggestion): insert a `# Reason: ` line below the deviation, for you to complete.
    """

    code = DEVIATION_WITHOUT_REASON_CODE
    name = "deviation-without-reason"
    priority = Priority.CRITICAL
    guideline = Guideline.DEVIATION_PROTOCOL
    message = "Deviation without a reason: add a `# Reason: …` line saying why it is justified"
    fix_safety = FixSafety.SUGGESTION
    VALID = [
        "# DEVIATION(CS902): Using frozen dataclass\n# Reason: shared across threads\n"
        "@dataclass(frozen=True)\nclass Config:\n    retries: int\n",
        "# DEVIATION: keeping the vendor's naming for JSON interop\ndef helper() -> None:\n    pass\n",
    ]
    INVALID = [
        Invalid(
            "import os\n\n# DEVIATION(CS902):\ndef helper() -> None:\n    pass\n",
            fixed="import os\n\n# DEVIATION(CS902):\n# Reason: \ndef helper() -> None:\n    pass\n",
        ),
    ]


class UnusedSuppression(Rule):
    """A `# noqa: CSxxx` or `# DEVIATION(CSxxx)` naming a code that did not fire where it applies.

    Suppressions that silence nothing hide future findings and mislead readers. Only codes of rules that ran
    are judged (a code you `ignore` or filter out by priority is never called unused); other tools' codes in
    a `# noqa` are left alone.

    Fix (safe): remove the code, or the whole `# noqa` directive when it named only that code (a comment it
    shares the line with stays, and text that follows the directive in the same comment stays a comment).
    """

    code = UNUSED_SUPPRESSION_CODE
    name = "unused-suppression"
    priority = Priority.PREFERRED
    guideline = Guideline.DEVIATION_PROTOCOL
    message = "Unused suppression: `{code}` does not fire here"
    fix_safety = FixSafety.SAFE
    VALID = [
        "def run(command):  # noqa: CS201, CS202\n    print(command)\n",
        "value = compute()  # noqa: E501\n",
    ]
    INVALID = [
        Invalid(
            "def run(command: str) -> None:  # noqa: CS202\n    return None\n",
            fixed="def run(command: str) -> None:\n    return None\n",
        ),
        Invalid(
            "def run(command):  # noqa: CS201, CS202, CS1101\n    print(command)\n",
            fixed="def run(command):  # noqa: CS201, CS202\n    print(command)\n",
        ),
        # The comment goes on after the directive: what follows stays a comment.
        Invalid(
            "def run(command: str) -> None:  # noqa:CS202 kept for the old API\n    return None\n",
            fixed="def run(command: str) -> None:  # kept for the old API\n    return None\n",
        ),
        Invalid(
            "def run(command: str) -> None:  # noqa: CS202  # type: ignore\n    return None\n",
            fixed="def run(command: str) -> None:  # type: ignore\n    return None\n",
        ),
    ]


ENGINE_RULES = (SyntaxErrorRule, DeviationWithoutReason, UnusedSuppression)
