"""Open documents and their lints: text kept in sync with the editor, and the job that lints one snapshot of a
document in a worker thread (scheduled by scheduler.py).

The latest result of each document (`Document.linted`: text, settings, LintResult with every violation and its
fixes) is what hover and code actions read. `Document.parsed` is the newest text of the document that parsed,
with its tree: the next lint re-parses only the top-level statements changed since (linting/reparse.py).

The tree, the walks of its statements and the ranges a lint found take a few megabytes for a 1,000-line module:
only the `RECENT_DOCUMENTS` documents linted last keep them (`DocumentStore.keep_tree`); the others keep their
text and their last result without its tree, and their next lint parses them whole. A tree let go of, or a
document closed, frees many small blocks: the C library is then asked to give them back (collector.py), or the
server would keep the memory of every tree it ever held.
"""

import dataclasses
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, Iterator, List, Optional, Set, Tuple

from lsprotocol import types

from chris_style import collector
from chris_style.config.editor import EditorSettings
from chris_style.config.settings import Settings
from chris_style.files import PYTHON_SUFFIXES, size_problem
from chris_style.linting.source import SourceFile
from chris_style.lsp.action_kinds import PYTHON_LANGUAGE_ID
from chris_style.lsp.diagnostics import failure_diagnostic, not_analysed_diagnostic
from chris_style.lsp.positions import from_client_column, line_starts
from chris_style.lsp.settings import DocumentSettings

if TYPE_CHECKING:
    from chris_style.linting.registry import RuleSet
    from chris_style.linting.reparse import ParsedBuffer
    from chris_style.linting.runner import LintResult

logger = logging.getLogger(__name__)

# How many documents keep their tree for the next edit's incremental lint (see above): the ones being edited.
RECENT_DOCUMENTS = 8


@dataclass
class Linted:
    """One finished lint: what it ran on and what it found. `result` is None when linting is disabled."""

    version: int
    generation: int
    source: SourceFile
    settings: DocumentSettings
    result: Optional["LintResult"]
    diagnostics: List[types.Diagnostic]
    seconds: float
    # The text and its tree when it parsed, for the next lint to build on.
    parsed: Optional["ParsedBuffer"] = None
    # Why the document was not linted (too large), if it was not.
    skipped: Optional[str] = None
    # Why the lint failed, if it raised: the result is then None and one diagnostic says so.
    failure: Optional[str] = None
    # What code actions computed for this lint (code_actions.py), kept while the lint is.
    actions: Optional[object] = field(default=None, repr=False, compare=False)
    # Set when the result let go of its tree (see without_tree): code actions parse the text again.
    tree_dropped: bool = False

    def without_tree(self) -> "Linted":
        """The same result without the tree and what was built on it (what code actions and the next lint use);
        the diagnostics, the violations and their fixes stay."""
        result = self.result
        if result is None or result.module is None:
            return dataclasses.replace(self, parsed=None, actions=None)
        result = dataclasses.replace(result, module=None, positions=None, record=None)
        return dataclasses.replace(self, result=result, parsed=None, actions=None, tree_dropped=True)

    @classmethod
    def failed(cls, document: "Document", version: int, generation: int, error: Exception) -> "Linted":
        """The result of a lint that raised: it stands for that version like any result, so nobody waits for
        (or starts) another lint of a version that fails every time."""
        failure = f"{type(error).__name__}: {error}"
        settings = DocumentSettings(Settings(), EditorSettings())
        return cls(
            version, generation, SourceFile(document.text, document.path), settings, None,
            [failure_diagnostic(failure)], 0.0, failure=failure,
        )


Renderer = Callable[[SourceFile, Optional["LintResult"], DocumentSettings], List[types.Diagnostic]]


# DEVIATION(CS902): frozen dataclass
# Reason: a job is handed to a worker thread while the event loop goes on; it must not change under the worker.
@dataclass(frozen=True)
class LintJob:
    """A snapshot to lint in a worker: plain values only, so a process pool could run it as well."""

    uri: str
    version: int
    generation: int
    text: str
    path: Optional[Path]
    settings: DocumentSettings
    rule_set: "RuleSet"
    render: Renderer
    # An earlier text of the document that parsed: only the statements changed since are parsed again.
    previous: Optional["ParsedBuffer"] = None

    def run(self) -> Linted:
        """Lint the snapshot (in a worker): parse what changed since `previous`, lint, render diagnostics."""
        started = time.perf_counter()
        source = SourceFile(self.text, self.path)
        editor = self.settings.editor
        result: Optional["LintResult"] = None
        parsed: Optional["ParsedBuffer"] = None
        engine = self.settings.engine
        skipped = size_problem(self.text, engine.max_file_size) if editor.enable else None
        if editor.enable and skipped is None:
            from chris_style.linting.budget import OverBudget, time_budget
            from chris_style.linting.runner import lint_edit  # the engine loads after `initialize`, see app.py

            try:
                with time_budget(engine.file_time_budget):
                    result, parsed = lint_edit(source, engine, self.rule_set, editor.min_priority, self.previous)
            except OverBudget as error:
                skipped = str(error)
        diagnostics = [not_analysed_diagnostic(skipped)] if skipped else self.render(source, result, self.settings)
        return Linted(
            self.version, self.generation, source, self.settings, result, diagnostics, time.perf_counter() - started,
            parsed, skipped,
        )


@dataclass
class Document:
    uri: str
    path: Optional[Path]
    language_id: str
    text: str
    version: int
    linted: Optional[Linted] = None
    # The newest text that parsed, with its tree (from any lint, even one whose result came too late to show).
    parsed: Optional["ParsedBuffer"] = None
    closed: bool = False
    # (code, error) of the rules that crashed on the latest lint, so each crash is logged once.
    reported_failures: Set[Tuple[str, str]] = field(default_factory=set)
    # Set once the user was told why the document is not linted, until it is linted again.
    skip_reported: bool = False

    @property
    def is_python(self) -> bool:
        return self.language_id == PYTHON_LANGUAGE_ID or self.uri.endswith(PYTHON_SUFFIXES)

    def forget_tree(self) -> None:
        """Let go of the parsed tree and what was built on it; the next lint parses the text whole."""
        self.parsed = None
        if self.linted is not None:
            self.linted = self.linted.without_tree()

    def apply_change(self, change: types.TextDocumentContentChangeEvent, encoding: str) -> None:
        """Apply one content change; ranges are in the client's position encoding."""
        if not isinstance(change, types.TextDocumentContentChangePartial):
            self.text = change.text
            return
        starts = line_starts(self.text)
        start = self._offset(starts, change.range.start, encoding)
        end = max(start, self._offset(starts, change.range.end, encoding))
        self.text = self.text[:start] + change.text + self.text[end:]

    def _offset(self, starts: List[int], position: types.Position, encoding: str) -> int:
        if position.line >= len(starts):
            return len(self.text)
        line_start = starts[position.line]
        line_end = starts[position.line + 1] if position.line + 1 < len(starts) else len(self.text)
        line = self.text[line_start:line_end].rstrip("\r\n")
        return line_start + from_client_column(line, position.character, encoding)


class DocumentStore:
    def __init__(self) -> None:
        self._documents: Dict[str, Document] = {}
        # The URIs of the documents that keep their tree, least recently linted first.
        self._with_tree: "OrderedDict[str, None]" = OrderedDict()

    def keep_tree(self, document: Document) -> None:
        """The document was just linted: it keeps its tree, and the least recently linted of the others beyond
        `RECENT_DOCUMENTS` let go of theirs."""
        self._with_tree[document.uri] = None
        self._with_tree.move_to_end(document.uri)
        released = False
        while len(self._with_tree) > RECENT_DOCUMENTS:
            uri, _ = self._with_tree.popitem(last=False)
            evicted = self._documents.get(uri)
            if evicted is not None:
                evicted.forget_tree()
                released = True
        if released:
            collector.release_memory()

    def open(self, item: types.TextDocumentItem, path: Optional[Path]) -> Document:
        """Track a document; one opened again without a close replaces the old, whose lints are then stale."""
        self.close(item.uri)
        document = Document(item.uri, path, item.language_id, item.text, item.version)
        self._documents[item.uri] = document
        return document

    def get(self, uri: str) -> Optional[Document]:
        return self._documents.get(uri)

    def close(self, uri: str) -> Optional[Document]:
        self._with_tree.pop(uri, None)
        document = self._documents.pop(uri, None)
        if document is not None:
            document.closed = True
            collector.release_memory()
        return document

    def __iter__(self) -> Iterator[Document]:
        return iter(list(self._documents.values()))
