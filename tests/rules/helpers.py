"""What rule tests ask of the engine: a rule's violations in a snippet, where they are, what its fixes make of
the snippet, and running the result. Every rule test module uses these instead of a copy of its own."""

import sys
import types
from pathlib import PurePath, PurePosixPath
from typing import Any, Collection, Dict, List, Mapping, Optional, Union

from chris_style.config.keys import apply_overrides
from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_edits, choose_fixes, fix_text
from chris_style.linting.rule import FixSafety, Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

EXAMPLE_PATH = "example.py"
SAFE_ONLY = frozenset({FixSafety.SAFE})
SAFE_AND_UNSAFE = frozenset({FixSafety.SAFE, FixSafety.UNSAFE})
# What `fix --unsafe-fixes` applies, plus the editor-only suggestions.
ALL_SAFETIES = frozenset(FixSafety)

Path = Union[str, PurePath]


def configured(values: Mapping[str, Any]) -> Settings:
    """Settings from `[tool.chris-style]` keys (`{"line-length": 100}`), validated as a config file is."""
    return apply_overrides(Settings(), values, "test settings", REGISTRY.vocabulary)


def violations(
    code: str, rule_code: str, path: Path = EXAMPLE_PATH, settings: Settings = Settings()
) -> List[Violation]:
    """The rule's violations in `code` linted as the file at `path`, with every rule of the settings running;
    no rule may crash."""
    result = lint(SourceFile(code, PurePosixPath(path)), settings, REGISTRY)
    assert [] == result.failures
    return [violation for violation in result.violations if violation.code == rule_code]


def lines(code: str, rule_code: str, path: Path = EXAMPLE_PATH, settings: Settings = Settings()) -> List[int]:
    """1-based lines of the rule's violations."""
    return [violation.range.start.line + 1 for violation in violations(code, rule_code, path, settings)]


def messages(code: str, rule_code: str, path: Path = EXAMPLE_PATH, settings: Settings = Settings()) -> List[str]:
    return [violation.message for violation in violations(code, rule_code, path, settings)]


def fix_safeties(
    code: str, rule_code: str, path: Path = EXAMPLE_PATH, settings: Settings = Settings()
) -> List[Optional[FixSafety]]:
    """The safety of each violation's primary fix (None where it has none)."""
    found = violations(code, rule_code, path, settings)
    return [violation.fix.safety if violation.fix else None for violation in found]


def fixed_once(code: str, rule_code: str, path: Path = EXAMPLE_PATH, settings: Settings = Settings()) -> str:
    """`code` after one round of the rule's primary fixes (those that do not overlap), whatever their safety."""
    found = violations(code, rule_code, path, settings)
    fixes = choose_fixes(violation.fix for violation in found if violation.fix is not None)
    return apply_edits(SourceFile(code, PurePosixPath(path)), (edit for fix in fixes for edit in fix.edits))


def fixed(
    code: str,
    rule_codes: Union[str, Collection[str]],
    path: Path = EXAMPLE_PATH,
    settings: Settings = Settings(),
    safeties: Collection[FixSafety] = SAFE_ONLY,
) -> str:
    """`code` after the fixes of the given rules, round after round, as `chris-style fix` applies them; no round
    may produce code that does not parse."""
    codes = {rule_codes} if isinstance(rule_codes, str) else set(rule_codes)
    outcome = fix_text(SourceFile(code, PurePosixPath(path)), settings, REGISTRY, safeties=safeties, codes=codes)
    assert None is outcome.error
    return outcome.text


def execute(code: str, module_name: str = "example") -> Dict[str, Any]:
    """Run `code` as the body of a module named `module_name` and return its namespace (to show a fix keeps what
    the code does). The module is in `sys.modules` while it runs, as an imported module is: dataclasses with
    string annotations look their module up there."""
    module = types.ModuleType(module_name)
    sys.modules[module_name] = module
    try:
        exec(compile(code, f"{module_name}.py", "exec"), module.__dict__)
    finally:
        del sys.modules[module_name]
    return module.__dict__
