"""The language server plus one rule that prints to stdout and then raises: for tests that a crashing rule is
logged without hiding the other rules' diagnostics, and that stray output never corrupts the protocol."""

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Rule
from chris_style.lsp.app import serve
from chris_style.rules import REGISTRY

CRASHING_CODE = "CS999"


class CrashingRule(Rule):
    """Crashes on the first name it sees."""

    code = CRASHING_CODE
    name = "crashing-rule"
    priority = Priority.OBSERVED
    guideline = Guideline.DEVIATION_PROTOCOL
    message = "never reported"

    def visit_Name(self, node: cst.Name) -> None:
        print("a rule printing to stdout")  # noqa: CS405 -- the point: stdout must stay the protocol's
        raise ValueError("boom")


if __name__ == "__main__":
    serve(REGISTRY.with_rules(CrashingRule))
