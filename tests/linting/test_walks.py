"""StatementWalk replays a statement as a full libcst walk would: the same visits and leaves in the same order,
with the same ancestors, and the same line count as the layout."""

import logging
from typing import List, Tuple

import libcst as cst

from chris_style.linting.layout import Layout
from chris_style.linting.walks import StatementWalk, StatementWalks

logger = logging.getLogger(__name__)

SOURCE = '''"""Module."""
import os


@decorator(1)
class Service(Base):
    """A service."""

    def run(self, items: list = None) -> int:
        total = 0  # running
        for item in items or []:
            if item and (item > 1 or item < -1):
                total += item; total -= 1
            elif item:
                continue
        return total


def helper(value):
    with open(value) as handle:
        try:
            return [line for line in handle if line]
        except OSError:
            raise
'''

VISITED_TYPES = (cst.Name, cst.FunctionDef, cst.If, cst.SimpleStatementLine, cst.Comment)
LEFT_TYPES = (cst.FunctionDef, cst.If, cst.ClassDef, cst.Name)


class _Recorder(cst.CSTVisitor):
    """Records the visits and leaves of the chosen types, with the path above each, as a full walk makes them."""

    def __init__(self) -> None:
        self.events: List[Tuple[cst.CSTNode, bool]] = []
        self.paths: List[Tuple[cst.CSTNode, ...]] = []
        self._stack: List[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, VISITED_TYPES):
            self.events.append((node, False))
            self.paths.append(tuple(self._stack))
        self._stack.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self._stack.pop()
        if isinstance(original_node, LEFT_TYPES):
            self.events.append((original_node, True))


def _walked(module: cst.Module) -> _Recorder:
    recorder = _Recorder()
    for statement in module.body:
        statement.visit(recorder)
    return recorder


def test_WHEN_events_of_some_types_are_asked_THEN_they_come_in_the_order_of_a_full_walk() -> None:
    module = cst.parse_module(SOURCE)
    walks = StatementWalks.built_for(module)

    actual = []
    for statement in module.body:
        walk = walks.of(statement)
        actual.extend((walk.nodes[index], leaving) for index, leaving in walk.events(VISITED_TYPES, LEFT_TYPES))

    expected = _walked(module).events
    assert [(id(node), leaving) for node, leaving in expected] == [(id(node), leaving) for node, leaving in actual]


def test_WHEN_only_visits_are_asked_THEN_they_come_in_pre_order() -> None:
    module = cst.parse_module(SOURCE)
    walk = StatementWalk(module.body[2])

    actual = [id(walk.nodes[index]) for index, _ in walk.events((cst.Name,), ())]

    expected = [id(node) for node, leaving in _walked(cst.Module(body=[module.body[2]])).events
                if not leaving and isinstance(node, cst.Name)]
    assert expected == actual


def test_WHEN_ancestors_of_a_node_are_asked_THEN_they_are_the_path_a_full_walk_has_above_it() -> None:
    module = cst.parse_module(SOURCE)
    walks = StatementWalks.built_for(module)
    recorder = _walked(module)
    visits = [(node, path) for (node, leaving), path in zip([event for event in recorder.events if not event[1]],
                                                             recorder.paths)]

    actual = []
    for node, _ in visits:
        statement = next(statement for statement in module.body if walks.of(statement).index_of(node) is not None)
        walk = walks.of(statement)
        actual.append(tuple(id(item) for item in walk.ancestors(walk.index_of(node))))

    expected = [tuple(id(item) for item in path) for _, path in visits]
    assert expected == actual


def test_WHEN_a_walk_is_replayed_THEN_each_step_leaves_the_ancestors_a_full_walk_has_there() -> None:
    module = cst.parse_module(SOURCE)
    walks = StatementWalks.built_for(module)
    recorder = _walked(module)
    visits = iter(recorder.paths)

    actual = []
    expected = []
    for statement in module.body:
        ancestors: List[cst.CSTNode] = []
        for _ in range(2):  # the second replay is the one worked out by the first
            steps = walks.of(statement).replay(VISITED_TYPES, LEFT_TYPES)
        for node, leaving, kept, added in steps:
            del ancestors[kept:]
            ancestors.extend(added)
            actual.append((id(node), leaving, tuple(id(item) for item in ancestors)))
    for node, leaving in recorder.events:
        if not leaving:
            expected.append((id(node), leaving, tuple(id(item) for item in next(visits))))
        else:
            expected.append((id(node), leaving, None))
    # A leave's ancestors are those of its node (a full walk has popped the node itself).
    actual_visits = [step for step in actual if not step[1]]
    expected_visits = [step for step in expected if not step[1]]
    assert (expected_visits, [step[:2] for step in expected]) == (actual_visits, [step[:2] for step in actual])


def test_WHEN_the_layout_comes_from_walks_THEN_it_equals_the_layout_counted_from_the_module() -> None:
    module = cst.parse_module(SOURCE + "\n# trailing comment\n")

    actual = StatementWalks.built_for(module).layout(module)

    expected = Layout.of(module)
    assert (expected.header, expected.statements, expected.footer) == (
        actual.header, actual.statements, actual.footer)


def test_WHEN_a_statement_is_replaced_THEN_kept_walks_drop_it_and_keep_the_others() -> None:
    module = cst.parse_module(SOURCE)
    walks = StatementWalks.built_for(module)
    edited = module.with_changes(body=[*module.body[:2], cst.parse_statement("pass\n")])

    kept = walks.kept_for(edited)

    expected = (2, True, True)
    actual = (len(kept), kept.of(edited.body[0]) is walks.of(module.body[0]),
              kept.of(edited.body[2]).statement is edited.body[2])
    assert expected == actual


def test_WHEN_a_node_is_outside_the_statement_THEN_index_of_is_none() -> None:
    module = cst.parse_module(SOURCE)
    walk = StatementWalk(module.body[0])

    actual = walk.index_of(module.body[1])

    assert None is actual
