"""The layers of server/chris_style, read from the code's own imports: no cycles, imports that run one way
(cli/lsp -> config, linting <- rules; refactors -> linting), rule files small and named by their code."""

import ast
import re
from pathlib import Path
from typing import Dict, List, Set, Tuple

from tests.conftest import REPOSITORY_ROOT

PACKAGE = "chris_style"
PACKAGE_ROOT = REPOSITORY_ROOT / "server" / PACKAGE
# docs/architecture.md promises it: a rule with its documentation and examples fits in this many lines.
MAX_RULE_FILE_LINES = 400
RULE_FILE_PATTERN = re.compile(r"^cs\d{3,4}_[a-z0-9_]+\.py$")
# Modules of the engine may import nothing of these: the engine knows no rules, no editor, no terminal.
ENGINE_FORBIDDEN = ("chris_style.rules", "chris_style.lsp", "chris_style.cli", "chris_style.refactors", "pygls")
# Rules may import the engine, the settings and the guide's vocabulary, and their own section.
RULES_ALLOWED = ("chris_style.linting", "chris_style.config", "chris_style.guide")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> List[str]:
    """Every chris_style module (or name within one) the file imports, wherever the import statement is."""
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.extend(f"{base}.{alias.name}" for alias in node.names)
            found.append(base)
    return [name for name in found if name == PACKAGE or name.startswith((f"{PACKAGE}.", "pygls"))]


def _graph() -> Dict[str, Set[str]]:
    """Module -> the modules of the package it imports (a name imported from a module counts as the module)."""
    files = {_module_name(path): path for path in PACKAGE_ROOT.rglob("*.py")}
    graph: Dict[str, Set[str]] = {}
    for module, path in files.items():
        targets = set()
        for name in _imports(path):
            while name and name not in files:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def _cycles(graph: Dict[str, Set[str]]) -> List[Tuple[str, ...]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    components: List[Tuple[str, ...]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(tuple(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _section_of(module: str) -> str:
    """`chris_style.rules.idioms.cs605_line_too_long` -> `idioms`."""
    return module.split(".")[2] if module.count(".") >= 2 else ""


def test_WHEN_imports_are_read_THEN_no_module_takes_part_in_a_cycle() -> None:
    assert [] == _cycles(_graph())


def test_WHEN_engine_modules_are_read_THEN_none_imports_rules_editors_or_the_terminal() -> None:
    offending = [
        (module, target)
        for module, targets in _graph().items()
        if module.startswith(f"{PACKAGE}.linting")
        for target in targets
        if target.startswith(ENGINE_FORBIDDEN)
    ]
    assert [] == offending


def test_WHEN_rule_modules_are_read_THEN_each_imports_only_the_engine_and_its_own_section() -> None:
    offending = []
    for module, targets in _graph().items():
        if not module.startswith(f"{PACKAGE}.rules.") or module.count(".") < 2:
            continue
        for target in targets:
            same_section = target.startswith(f"{PACKAGE}.rules.") and _section_of(target) == _section_of(module)
            if not (target.startswith(RULES_ALLOWED) or same_section):
                offending.append((module, target))
    assert [] == offending


def test_WHEN_refactors_are_read_THEN_they_stand_on_the_engine_only() -> None:
    offending = [
        (module, target)
        for module, targets in _graph().items()
        if module.startswith(f"{PACKAGE}.refactors")
        for target in targets
        if target.startswith((f"{PACKAGE}.rules", f"{PACKAGE}.lsp", f"{PACKAGE}.cli"))
    ]
    assert [] == offending


def test_WHEN_rule_files_are_listed_THEN_each_is_small_and_a_rule_file_is_named_by_its_code() -> None:
    rules_root = PACKAGE_ROOT / "rules"
    too_long = [
        (str(path.relative_to(rules_root)), lines)
        for path in sorted(rules_root.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_RULE_FILE_LINES
    ]
    misnamed = [
        str(path.relative_to(rules_root))
        for path in sorted(rules_root.glob("*/*.py"))
        if not path.name.startswith("_") and not RULE_FILE_PATTERN.match(path.name)
    ]
    assert ([], []) == (too_long, misnamed)


def test_WHEN_rules_are_registered_THEN_each_lives_in_the_file_named_by_its_code() -> None:
    from chris_style.rules import REGISTRY

    misplaced = []
    for rule in REGISTRY:
        if rule.__module__.startswith(f"{PACKAGE}.linting"):
            continue  # the engine's own diagnostics (CS000-CS002)
        file_name = rule.__module__.rpartition(".")[2]
        if not file_name.startswith(f"{rule.code.lower()}_"):
            misplaced.append((rule.code, rule.__module__))
    assert [] == misplaced


def test_WHEN_adoption_modules_are_read_THEN_they_stand_on_the_engine_and_config_only() -> None:
    offending = [
        (module, target)
        for module, targets in _graph().items()
        if module.startswith(f"{PACKAGE}.adoption")
        for target in targets
        if target.startswith((f"{PACKAGE}.rules", f"{PACKAGE}.lsp", f"{PACKAGE}.cli", f"{PACKAGE}.refactors"))
    ]
    click_users = [path.name for path in (PACKAGE_ROOT / "adoption").glob("*.py") if "import click" in path.read_text()]
    assert ([], []) == (offending, click_users)
