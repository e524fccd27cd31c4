"""Indexed walks of top-level statements, kept from one version of a buffer to the next.

In a lint of an edited buffer, the statement-scoped rules skip the top-level statements the edit left alone
(incremental.py), but the module-scoped rules still need their handlers called there. Walking such a
statement node by node costs as much as in the first lint, although most of its nodes are of types no
remaining handler wants. A StatementWalk lists a statement's nodes once, in libcst's order, with each node's
parent, its last descendant and its type; `events()` then gives just the visits and leaves of the wanted
types, in the order a full walk makes them, and `ancestors()` the path a full walk would have at each. The
untouched statements are the same node objects in every version (reparse.py), so a walk built once serves
every later edit until its statement changes.
"""

import logging
from typing import Collection, Dict, List, Optional, Tuple

import libcst as cst

from chris_style.linting import tree
from chris_style.linting.layout import LINE_BREAK_TYPES, Layout, own_line_breaks
from chris_style.linting.syntax import COMPOUND_TYPES, SIMPLE_LINE_TYPES

logger = logging.getLogger(__name__)


# An event: (node index, leaving).
Event = Tuple[int, bool]
# A replayed event: (node, leaving, how many ancestors stay, the ancestors to add); see StatementWalk.replay.
ReplayStep = Tuple[cst.CSTNode, bool, int, Tuple[cst.CSTNode, ...]]


class StatementWalk:
    """One top-level statement's nodes in pre-order (libcst's visiting order), the statement first."""

    __slots__ = (
        "statement", "nodes", "parents", "ends", "by_type", "numbered", "statement_count", "line_count", "_indexes",
        "_events", "_replays",
    )

    def __init__(self, statement: cst.CSTNode) -> None:
        self.statement = statement
        self.nodes: List[cst.CSTNode] = []
        # The index of each node's parent; -1 for the statement itself.
        self.parents: List[int] = []
        self.by_type: Dict[type, List[int]] = {}
        # The statements inside, numbered as `ast` counts them from this one's (see positions.py).
        self.numbered: List[Tuple[cst.CSTNode, int]] = []
        count = 0
        lines = 0
        stack: List[Tuple[cst.CSTNode, int]] = [(statement, -1)]
        nodes, parents, by_type = self.nodes, self.parents, self.by_type
        while stack:
            node, parent = stack.pop()
            index = len(nodes)
            nodes.append(node)
            parents.append(parent)
            node_type = type(node)
            found = by_type.get(node_type)
            if found is None:
                by_type[node_type] = [index]
            else:
                found.append(index)
            if node_type in COMPOUND_TYPES:
                self.numbered.append((node, count))
                count += 1
            elif node_type in SIMPLE_LINE_TYPES:
                self.numbered.append((node, count))
                count += len(node.body)  # type: ignore[attr-defined]
            if node_type in LINE_BREAK_TYPES:
                lines += own_line_breaks(node)
            kids = tree.children(node)
            if kids:
                stack.extend([(kid, index) for kid in reversed(kids)])
        self.statement_count = count
        # The lines the statement spans (layout.line_count, counted on the way).
        self.line_count = lines
        # The index of each node's last descendant (itself for a leaf): descendants follow their ancestors.
        ends = list(range(len(nodes)))
        for index in range(len(nodes) - 1, 0, -1):
            parent = parents[index]
            if ends[index] > ends[parent]:
                ends[parent] = ends[index]
        self.ends = ends
        self._indexes: Optional[Dict[int, int]] = None
        # (visited, left) -> events: every edit after the first asks again with the same rules' types.
        self._events: Dict[Tuple[Tuple[type, ...], Tuple[type, ...]], List[Event]] = {}
        # (visited, left) -> the replay of those events (see replay).
        self._replays: Dict[Tuple[Tuple[type, ...], Tuple[type, ...]], List[ReplayStep]] = {}

    def events(self, visited: Collection[type], left: Collection[type]) -> List[Event]:
        """The visits of nodes of the `visited` types and the leaves of nodes of the `left` types, in the order
        a full walk makes them: a node is visited before anything under it and left after all of it, and of
        two nodes left at the same point the inner one first."""
        key = (tuple(visited), tuple(left))
        found = self._events.get(key)
        if found is None:
            found = self._events[key] = self._ordered_events(visited, left)
        return found

    def replay(self, visited: Collection[type], left: Collection[type]) -> List["ReplayStep"]:
        """The events (see `events`) as a replay runs them: for each, its node, whether it is left, how many of
        the ancestors below the statement's stay from the step before, and the nodes to add to them. Worked out
        once per set of types, so that each later edit only moves the ancestors list and calls the handlers."""
        key = (tuple(visited), tuple(left))
        found = self._replays.get(key)
        if found is None:
            events = self._events.get(key) or self._ordered_events(visited, left)
            found = self._replays[key] = self._replay_steps(events)
        return found

    def _replay_steps(self, events: List[Event]) -> List["ReplayStep"]:
        nodes, parents, ends = self.nodes, self.parents, self.ends
        steps: List[ReplayStep] = []
        # The walk indexes of the ancestors after the statement's outer ones, kept from one event to the next:
        # events come in document order, so most of the path stays.
        chain: List[int] = []
        for index, leaving in events:
            parent = parents[index]
            while chain and not chain[-1] <= parent <= ends[chain[-1]]:
                chain.pop()
            kept = len(chain)
            missing = []
            while parent >= 0 and not (chain and chain[-1] == parent):
                missing.append(parent)
                parent = parents[parent]
            missing.reverse()
            chain.extend(missing)
            steps.append((nodes[index], leaving, kept, tuple(nodes[missed] for missed in missing)))
        return steps

    def _ordered_events(self, visited: Collection[type], left: Collection[type]) -> List[Event]:
        by_type = self.by_type
        visits = [index for node_type in visited for index in by_type.get(node_type, ())]
        leaves = [index for node_type in left for index in by_type.get(node_type, ())]
        if not leaves:
            visits.sort()
            return [(index, False) for index in visits]
        ends = self.ends
        keyed = [((index, 0, 0), (index, False)) for index in visits]
        keyed.extend(((ends[index], 1, -index), (index, True)) for index in leaves)
        keyed.sort(key=lambda item: item[0])
        return [event for _, event in keyed]

    def ancestors(self, index: int) -> List[cst.CSTNode]:
        """The nodes from the statement down to the node's parent (the node itself left out)."""
        path: List[cst.CSTNode] = []
        parents, nodes = self.parents, self.nodes
        parent = parents[index]
        while parent >= 0:
            path.append(nodes[parent])
            parent = parents[parent]
        path.reverse()
        return path

    def index_of(self, node: cst.CSTNode) -> Optional[int]:
        """The node's index, if it is in this statement."""
        if self._indexes is None:
            self._indexes = {id(item): index for index, item in enumerate(self.nodes)}
        index = self._indexes.get(id(node))
        return index if index is not None and self.nodes[index] is node else None


class StatementWalks:
    """The walks of a buffer's top-level statements, built when first wanted and kept while the statement is."""

    def __init__(self) -> None:
        self._walks: Dict[int, StatementWalk] = {}

    def of(self, statement: cst.CSTNode) -> StatementWalk:
        walk = self._walks.get(id(statement))
        if walk is None or walk.statement is not statement:
            walk = self._walks[id(statement)] = StatementWalk(statement)
        return walk

    @classmethod
    def built_for(cls, module: cst.Module) -> "StatementWalks":
        """The walks of every top-level statement of the module."""
        walks = cls()
        for statement in module.body:
            walks.of(statement)
        return walks

    def layout(self, module: cst.Module) -> Layout:
        """The module's layout (layout.py), its statements' lines counted by their walks."""
        return Layout(len(module.header), [self.of(statement).line_count for statement in module.body], len(module.footer))

    def kept_for(self, module: cst.Module) -> "StatementWalks":
        """The walks of the statements `module` still has (the others' nodes are no longer needed)."""
        kept = StatementWalks()
        for statement in module.body:
            walk = self._walks.get(id(statement))
            if walk is not None and walk.statement is statement:
                kept._walks[id(statement)] = walk
        return kept

    def __len__(self) -> int:
        return len(self._walks)
