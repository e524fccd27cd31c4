"""lint(source, settings, rules) -> violations: one traversal shared by every enabled rule of the set it is handed.

A rule that raises is isolated: its findings for the file are dropped, the failure is returned with the rule's
code, and every other rule still reports.
"""

import ast
import dataclasses
import logging
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Callable, Dict, FrozenSet, List, Optional, Sequence, Tuple, Type

import libcst as cst

from chris_style.config.settings import Settings
from chris_style.guide import Priority
from chris_style.linting import budget, guard, pieces, suppressions, tree
from chris_style.linting.findings import RuleFailure
from chris_style.linting.incremental import LintRecord, Reuse, plan_reuse
from chris_style.linting.layout import Layout
from chris_style.linting.own_codes import DEVIATION_WITHOUT_REASON_CODE, UNUSED_SUPPRESSION_CODE
from chris_style.linting.own_rules import DeviationWithoutReason, SyntaxErrorRule, UnusedSuppression
from chris_style.linting.positions import EarlierPositions, PositionIndex
from chris_style.linting.registry import RuleSet
from chris_style.linting.reparse import ParsedBuffer, earlier_positions, reparse
from chris_style.linting.rule import Rule, RuleContext, Scope, Violation
from chris_style.linting.source import Position, SourceFile, TextRange
from chris_style.linting.syntax import COMPOUND_TYPES, SIMPLE_LINE_TYPES
from chris_style.linting.walks import StatementWalk, StatementWalks

logger = logging.getLogger(__name__)

# How many nodes a traversal visits between two looks at the file's time budget (see budget.py).
BUDGET_CHECK_NODES = 512
# Rule class -> (is a leave_ handler, node type, method name) of each of its handlers; a class's methods do not
# change, and reading them with dir() for every lint costs more than some rules' work.
_HANDLER_NAMES: Dict[type, List[Tuple[bool, type, str]]] = {}


@dataclass
class LintResult:
    violations: List[Violation]
    failures: List[RuleFailure] = field(default_factory=list)
    # Set when the buffer did not parse; `violations` then holds only the CS000 diagnostic.
    syntax_error: Optional[Violation] = None
    module: Optional[cst.Module] = None
    # The node ranges the lint computed, for a lint of the next version to reuse (see reparse.py).
    positions: Optional[PositionIndex] = None
    # What a lint of the next version may take over (see incremental.py); None when no rule ran.
    record: Optional[LintRecord] = None
    # Why the buffer was not analysed at all (see guard.py): then there are no violations.
    not_analysed: Optional[str] = None
    # The buffer's `# noqa` and `# DEVIATION` comments, each saying what it silenced (None: the buffer has none).
    suppressions_found: Optional[suppressions.Found] = None


Handler = Callable[[cst.CSTNode], object]


HandlerTable = Dict[type, List[Tuple[Rule, Handler]]]


def handler_names(rule_type: type) -> List[Tuple[bool, type, str]]:
    """The visit_<Node>/leave_<Node> methods of a rule class, with the libcst node class each one handles."""
    found = _HANDLER_NAMES.get(rule_type)
    if found is None:
        found = []
        for attribute in dir(rule_type):
            for prefix, leaving in (("visit_", False), ("leave_", True)):
                if attribute.startswith(prefix):
                    node_type = getattr(cst, attribute[len(prefix) :], None)
                    if not (isinstance(node_type, type) and issubclass(node_type, cst.CSTNode)):
                        raise TypeError(f"{rule_type.__name__}.{attribute}: no libcst node of that name")
                    found.append((leaving, node_type, attribute))
        _HANDLER_NAMES[rule_type] = found
    return found


class _Traversal:
    """Calls every rule's visit_<Node>/leave_<Node> for each node, keeping `context.ancestors` current. Inside the
    top-level statements in `skipped_statements` (by id), the rules in `skipped_rules` are not called (their
    findings there are taken over from the previous lint, see incremental.py)."""

    def __init__(
        self,
        context: RuleContext,
        rules: Sequence[Rule],
        failures: List[RuleFailure],
        skipped_rules: Sequence[Rule] = (),
        skipped_statements: FrozenSet[int] = frozenset(),
    ) -> None:
        self.context = context
        self.failures = failures
        self.failed: Dict[int, Rule] = {}
        self.everywhere: Tuple[HandlerTable, HandlerTable] = ({}, {})
        # The handlers that run inside skipped statements: every rule's but the skipped ones' (the same tables
        # when no rule is skipped, as in every command-line lint).
        self.outside_skipped: Tuple[HandlerTable, HandlerTable] = ({}, {}) if skipped_rules else self.everywhere
        self.skipped_statements = skipped_statements
        skipped = {id(rule) for rule in skipped_rules}
        for rule in rules:
            self._register(rule, self.everywhere)
            if skipped_rules and id(rule) not in skipped:
                self._register(rule, self.outside_skipped)
        self.visits, self.leaves = self.everywhere
        self.visited = 0

    def _register(self, rule: Rule, tables: Tuple[HandlerTable, HandlerTable]) -> None:
        for leaving, node_type, attribute in handler_names(type(rule)):
            tables[leaving].setdefault(node_type, []).append((rule, getattr(rule, attribute)))

    def add_handlers(self, owner: object, handlers: Dict[type, object]) -> None:
        """Handlers of the engine's own (the suppression scanner): they run everywhere."""
        tables = [self.everywhere]
        if self.outside_skipped is not self.everywhere:
            tables.append(self.outside_skipped)
        for node_type, handler in handlers.items():
            for visits, _ in tables:
                visits.setdefault(node_type, []).append((owner, handler))  # type: ignore[arg-type]

    def _call(self, rule: Rule, handler: Handler, node: cst.CSTNode) -> None:
        try:
            handler(node)
        except Exception as error:
            self._fail(rule, error)

    def _fail(self, rule: Rule, error: Exception) -> None:
        """Record a rule's failure (from inside its `except`) and take its handlers out of every table: a rule
        that failed is not called again in this lint."""
        self.failed[id(rule)] = rule
        code = getattr(rule, "code", type(rule).__name__)
        path = self.context.source.path
        # Front ends report failures to the user; the traceback is for `--verbose` and the server log.
        logger.debug("rule %s failed on %s: %r", code, path or "<buffer>", error, exc_info=True)
        self.failures.append(RuleFailure(code, path, f"{type(error).__name__}: {error}", traceback.format_exc()))
        for table in (*self.everywhere, *self.outside_skipped):
            for node_type, handlers in table.items():
                # A new list: a loop over the old one may be running.
                table[node_type] = [entry for entry in handlers if entry[0] is not rule]

    def run(self, module: cst.Module, walks: Optional[StatementWalks] = None) -> None:
        """Walk the whole module once, read-only, in libcst's order (see tree.py), entering only the nodes on
        the way to a node some handler wants or to a statement (positions number every statement). With `walks`,
        a skipped statement is replayed from its walk: only its nodes that a remaining handler wants are visited."""
        visits, leaves = self.everywhere
        reach = tree.Reach.of(frozenset((*visits, *leaves, *COMPOUND_TYPES, *SIMPLE_LINE_TYPES)))
        self._walk(module, reach, walks if self.skipped_statements else None)

    def _walk(self, module: cst.Module, reach: tree.Reach, walks: Optional[StatementWalks]) -> None:
        """Enter each node `reach` leads to, in libcst's order (as tree.traverse does): number statements for
        positions and call the rules' visit_ methods, then the children, then the leave_ methods. The handler
        calls are written into the loop: it runs for every node a lint enters and every handler it calls
        (290,000 and 480,000 on the benchmark corpus), where a function call each was 1.4 % of a check's
        instructions. With `walks`, a skipped top-level statement is replayed from its walk instead."""
        context = self.context
        ancestors = context.ancestors
        note = context.positions.note
        next_nodes = reach.children
        stack: List[Tuple[cst.CSTNode, bool]] = [(module, False)]
        pop, push, extend = stack.pop, stack.append, stack.extend
        while stack:
            node, leaving = pop()
            if leaving:
                ancestors.pop()
                if not ancestors:
                    self.visits, self.leaves = self.everywhere
                handlers = self.leaves.get(type(node))
                if handlers:
                    context.current = node
                    for rule, handler in handlers:
                        try:
                            handler(node)
                        except Exception as error:
                            self._fail(rule, error)
                context.current = None
                continue
            if len(ancestors) == 1:
                # A top-level statement (or a header or footer line) begins: choose whose handlers run in it, or
                # replay it from its walk.
                skipped = id(node) in self.skipped_statements
                if skipped and walks is not None:
                    self._replay(walks.of(node))
                    continue
                self.visits, self.leaves = self.outside_skipped if skipped else self.everywhere
            self.visited += 1
            if self.visited % BUDGET_CHECK_NODES == 0:
                budget.check()
            note(node, ancestors[-1] if ancestors else None)
            handlers = self.visits.get(type(node))
            if handlers:
                context.current = node
                for rule, handler in handlers:
                    try:
                        handler(node)
                    except Exception as error:
                        self._fail(rule, error)
            ancestors.append(node)
            push((node, True))
            kids = next_nodes(node)
            if kids:
                extend([(kid, False) for kid in reversed(kids)])

    def _replay(self, walk: StatementWalk) -> None:
        """The calls a walk of the statement would make to the handlers that run in skipped statements, with
        the same ancestors at each; the other nodes are passed over."""
        context = self.context
        context.positions.note_walk(walk)
        visits, leaves = self.outside_skipped
        visited = [node_type for node_type in walk.by_type if node_type in visits]
        left = [node_type for node_type in walk.by_type if node_type in leaves]
        if not visited and not left:
            return
        ancestors = context.ancestors
        base = len(ancestors)
        for node, leaving, kept, added in walk.replay(visited, left):
            del ancestors[base + kept :]
            if added:
                ancestors.extend(added)
            context.current = node
            for rule, handler in (leaves if leaving else visits)[type(node)]:
                self._call(rule, handler, node)  # type: ignore[arg-type]
        del ancestors[base:]
        context.current = None


def syntax_error_violation(source: SourceFile, error: cst.ParserSyntaxError) -> Violation:
    """CS000 at the parser's location. Python's own compiler gives the clearer message and place when it
    agrees that the code is invalid; libcst's is used when only libcst can tell (newer syntax)."""
    line, column = error.raw_line - 1, error.raw_column
    message = error.message
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source.text)
    except SyntaxError as python_error:
        if python_error.lineno is not None:
            line = python_error.lineno - 1
            column = max((python_error.offset or 1) - 1, 0)
            message = python_error.msg
    except (ValueError, RecursionError, MemoryError):
        pass
    line = min(max(line, 0), max(len(source.lines) - 1, 0))
    line_length = len(source.line_text(line))
    column = min(column, line_length)
    end_column = line_length if column >= line_length else column + 1
    return Violation(
        code=SyntaxErrorRule.code,
        name=SyntaxErrorRule.name,
        priority=SyntaxErrorRule.priority,
        guideline=SyntaxErrorRule.guideline,
        message=SyntaxErrorRule.message.format(message=message),
        range=TextRange(Position(line, column), Position(line, end_column)),
    )


def refused_syntax_violation(source: SourceFile, refused: guard.Refusal) -> Violation:
    """CS000 for a syntax error CPython found in code too deep for libcst to be asked (guard.py)."""
    line = min(max((refused.line or 1) - 1, 0), max(len(source.lines) - 1, 0))
    column = min(refused.column, len(source.line_text(line)))
    return Violation(
        code=SyntaxErrorRule.code,
        name=SyntaxErrorRule.name,
        priority=SyntaxErrorRule.priority,
        guideline=SyntaxErrorRule.guideline,
        message=SyntaxErrorRule.message.format(message=refused.message),
        range=TextRange(Position(line, column), Position(line, column + 1)),
    )


def unencodable_text_violation(source: SourceFile, error: UnicodeEncodeError) -> Violation:
    """CS000 for a buffer holding a lone surrogate (an editor can send one; no file can hold it, so no Python
    source can): at the character, named by its code point, since the character itself cannot be shown."""
    start = source.position(error.start)
    character = error.object[error.start] if isinstance(error.object, str) else "?"
    message = f"the text holds a lone surrogate (U+{ord(character):04X}), which is not valid in Python source"
    return Violation(
        code=SyntaxErrorRule.code,
        name=SyntaxErrorRule.name,
        priority=SyntaxErrorRule.priority,
        guideline=SyntaxErrorRule.guideline,
        message=SyntaxErrorRule.message.format(message=message),
        range=TextRange(start, Position(start.line, start.column + 1)),
    )


def rules_to_run(
    source: SourceFile, settings: Settings, rule_set: RuleSet, min_priority: Priority
) -> Optional[List[Type[Rule]]]:
    """The rules of the set that the settings enable for this file and that apply to it, minus those its
    `# chris-style: ignore-file [...]` names; None when it ignores every rule."""
    rules = [rule for rule in rule_set.enabled(settings, source.path, min_priority) if rule.applies_to(source)]
    file_ignore = suppressions.find_file_ignore(source)
    if file_ignore is None:
        return rules
    if file_ignore.codes is None:
        return None
    return [rule for rule in rules if rule.code not in file_ignore.codes]


def lint(
    source: SourceFile,
    settings: Settings,
    rule_set: RuleSet,
    min_priority: Priority = Priority.OBSERVED,
    module: Optional[cst.Module] = None,
    earlier: Optional[EarlierPositions] = None,
    reuse: Optional[Reuse] = None,
    layout: Optional[Layout] = None,
    walks: Optional[StatementWalks] = None,
) -> LintResult:
    """Check one buffer with the rules of `rule_set` that the settings enable. `module` may be passed when the
    caller already parsed `source.text`, `earlier` when an earlier lint computed positions in the statements
    this module shares with its module, `reuse` when an earlier lint's findings in those statements hold (see
    incremental.py), `layout` when the caller knows where the module's statements are, and `walks` when it
    keeps the statements' walks from one version to the next (see walks.py)."""
    rules = rules_to_run(source, settings, rule_set, min_priority)
    if rules is None:
        return LintResult([])
    # Python's own tree of the text, when parsing it in pieces needed one (the positions use it too).
    python: Optional[ast.Module] = None
    if module is None:
        refused, python = guard.screen(source.text)
        if refused is not None and refused.line is not None:
            violation = refused_syntax_violation(source, refused)
            return LintResult([violation], syntax_error=violation)
        if refused is not None:
            return LintResult([], not_analysed=refused.message)
        try:
            module, python = pieces.parse(source, python)
            budget.check()
        except cst.ParserSyntaxError as error:
            violation = syntax_error_violation(source, error)
            return LintResult([violation], syntax_error=violation)
        except UnicodeEncodeError as error:
            violation = unencodable_text_violation(source, error)
            return LintResult([violation], syntax_error=violation)
    enabled_codes = frozenset(rule.code for rule in rules)
    context = RuleContext(source, module, settings, earlier, layout, python)
    instances = [rule(context) for rule in rules]
    failures: List[RuleFailure] = []
    reused = reuse.violations if reuse is not None else {}
    skipped = [rule for rule in instances if rule.scope is Scope.STATEMENT and rule.code in reused]
    statements = reuse.statements if reuse is not None else frozenset()
    traversal = _Traversal(context, instances, failures, skipped, statements)
    scanner: Optional[suppressions.SuppressionScanner] = None
    if suppressions.might_have_suppressions(source):
        scanner = suppressions.SuppressionScanner(context)
        traversal.add_handlers(scanner, scanner.handlers())
    traversal.run(module, walks)
    for rule in skipped:
        rule.violations = [*reused[rule.code], *rule.violations]
    failed = set(traversal.failed)
    found = [violation for rule in instances if id(rule) not in failed for violation in rule.violations]
    record = LintRecord(
        settings, min_priority, source.path, enabled_codes, frozenset(rule.code for rule in traversal.failed.values()),
        {rule.code: rule.violations for rule in instances if rule.scope is Scope.STATEMENT and id(rule) not in failed},
        reuse.outlines if reuse is not None else {},
    )
    found_suppressions: Optional[suppressions.Found] = None
    if scanner is not None:
        ran_codes = enabled_codes - {rule.code for rule in traversal.failed.values()}
        found, found_suppressions = _apply_suppressions(source, scanner, found, ran_codes)
    found.sort(key=lambda violation: (violation.range.start, violation.code))
    return LintResult(
        found, failures, module=module, positions=context.positions, record=record, suppressions_found=found_suppressions
    )


def lint_edit(
    source: SourceFile,
    settings: Settings,
    rule_set: RuleSet,
    min_priority: Priority = Priority.OBSERVED,
    previous: Optional[ParsedBuffer] = None,
) -> Tuple[LintResult, Optional[ParsedBuffer]]:
    """Lint a new version of a buffer that an earlier version was linted from (`previous`): only the top-level
    statements the edit touched are parsed again, and the positions found in the others are reused; the
    result is the same as lint()'s. Also returns what the next version can build on (None if no tree)."""
    parsed: Optional[ParsedBuffer] = None
    if previous is not None:
        try:
            parsed = reparse(previous, source.text)
        except Exception:
            # A shortcut must never cost the diagnostics: the whole text is parsed instead.
            logger.exception("re-parsing the edited part of %s failed; parsing all of it", source.path or "<buffer>")
    earlier: Optional[EarlierPositions] = None
    reuse: Optional[Reuse] = None
    if previous is not None and parsed is not None:
        earlier = earlier_positions(previous, parsed)
        codes = frozenset(rule.code for rule in rules_to_run(source, settings, rule_set, min_priority) or ())
        reuse = plan_reuse(
            previous.record, previous.module, previous.layout.starts(), parsed.module, parsed.layout.starts(),
            settings, min_priority, source.path, codes,
        )
    module = parsed.module if parsed is not None else None
    layout = parsed.layout if parsed is not None else None
    walks = previous.walks.kept_for(parsed.module) if previous is not None and parsed is not None else None
    result = lint(source, settings, rule_set, min_priority, module, earlier, reuse, layout, walks)
    if parsed is None and result.module is not None:
        # Every statement the next edit leaves alone is replayed from its walk: have them ready now rather
        # than in the first keystroke's lint; the layout is counted on the same walks.
        walks = StatementWalks.built_for(result.module)
        parsed = ParsedBuffer(source.text, result.module, walks.layout(result.module))
    if parsed is not None and result.positions is not None:
        parsed = dataclasses.replace(
            parsed, positions=result.positions.known(), record=result.record, walks=walks or StatementWalks()
        )
    # What the next version reuses is in `parsed`; the index itself (a parent for every node) is let go.
    return dataclasses.replace(result, positions=None), parsed


def _apply_suppressions(
    source: SourceFile,
    scanner: suppressions.SuppressionScanner,
    found: List[Violation],
    ran_codes: FrozenSet[str],
) -> Tuple[List[Violation], suppressions.Found]:
    noqas = scanner.noqa_comments()
    deviations = scanner.deviations()
    meta: List[Violation] = []
    if DEVIATION_WITHOUT_REASON_CODE in ran_codes:
        for deviation in deviations:
            if not deviation.has_reason:
                line = source.line_text(deviation.comment_line)
                meta.append(
                    _meta_violation(
                        DeviationWithoutReason,
                        TextRange.of(deviation.comment_line, len(deviation.indent), deviation.comment_line, len(line)),
                        (suppressions.reason_fix(source, deviation),),
                    )
                )
    kept = suppressions.apply_suppressions(found + meta, noqas, deviations, scanner.comment_lines(noqas))
    if UNUSED_SUPPRESSION_CODE in ran_codes:
        for mention, fix in suppressions.unused_mentions(source, noqas, deviations, ran_codes):
            kept.append(
                _meta_violation(UnusedSuppression, mention.range, (fix,), code=mention.code)
            )
    return kept, suppressions.Found(noqas, deviations, ran_codes)


def _meta_violation(rule: Type[Rule], text_range: TextRange, fixes: Tuple, **message_args: str) -> Violation:
    return Violation(
        code=rule.code,
        name=rule.name,
        priority=rule.priority,
        guideline=rule.guideline,
        message=rule.message.format(**message_args),
        range=text_range,
        fixes=fixes,
    )


def lint_text(
    text: str,
    rule_set: RuleSet,
    path: Optional[PurePath] = None,
    settings: Settings = Settings(),
    min_priority: Priority = Priority.OBSERVED,
) -> LintResult:
    return lint(SourceFile(text, path), settings, rule_set, min_priority)
