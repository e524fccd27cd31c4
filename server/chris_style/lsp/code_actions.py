"""`textDocument/codeAction` and `codeAction/resolve`: the engine's fixes, suppressions and refactorings as
editor actions, computed for exactly the lint kept in `Document.linted`.

Offered actions:
- quick fixes: every fix of a chris-style diagnostic in the request's context (matched by code and range),
  titled by the fix; "(unsafe)" / "(suggestion)" mark the ones that may change meaning or need the author's
  judgement, and only safe ones are preferred (the one-key fix of VS Code and Neovim);
- suppressions of any diagnostic but CS000 (nothing to suppress) and CS002 (its own fix removes the code):
  "Ignore CSxxx on this line" (`# noqa`) and "Record a deviation from CSxxx" (the guide's DEVIATION block);
- `source.fixAll.chris-style` (every safe fix, in rounds, exactly as the CLI's `fix`) and
  `source.organizeImports.chris-style` (CS606's organizer);
- refactorings at the cursor: "Generate to_dict()/from_dict()" on a dataclass, "Regenerate ..." where CS803
  finds them stale, "Extract constant" on a selected literal, "Document value" (CS304's comments), and the
  guide's patterns of pattern_actions.py (exception class, sync wrapper, `__str__`, tests in another file).

Every action is identified by `data` = {uri, version, kind, id}; the id names what to compute again from the
same lint (a violation's index, a position), so `codeAction/resolve` needs no state of its own. The handlers
in server.py make sure the lint belongs to the document's current version (see `is_current`).

An editor asks for the actions at the cursor whenever it moves onto a diagnostic, to show its light bulb, so
the answer must be quick: offering an action costs no more than finding out that it applies (suppressions
look at the one top-level statement holding the line), and the edits of "Fix all" and "Organize imports" are
computed only when the client resolves the action, or, for a client that cannot resolve, once per lint: what
one lint's actions computed (the context with its positions, the suppressions, the edits) is kept with that
lint (`Linted.actions`) and dropped with it.
"""

import ast
import asyncio
import functools
import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import libcst as cst
from lsprotocol import types

from chris_style.linting import pieces
from chris_style.linting.facts.classes import own_methods
from chris_style.linting.fixes import BULK_SAFETIES, fix_text
from chris_style.linting.imports import find_import_block, organize_imports
from chris_style.linting.own_codes import SYNTAX_ERROR_CODE, UNUSED_SUPPRESSION_CODE
from chris_style.linting.registry import RuleSet
from chris_style.linting.rule import Edit, Fix, FixSafety, RuleContext, Violation
from chris_style.linting.serialization import SERIALIZATION_METHODS, can_generate, generate_serialization
from chris_style.linting.source import Position, TextRange
from chris_style.linting.suppression_fixes import deviation_fix, noqa_fix
from chris_style.lsp.action_kinds import (
    EXTRACT_KIND,
    FIX_ALL_KIND,
    ORGANIZE_IMPORTS_KIND,
    QUICK_FIX_KIND,
    REWRITE_KIND,
    SOURCE,
)
from chris_style.lsp.documents import DocumentStore, Linted
from chris_style.lsp.pattern_actions import is_other_file_action, pattern_edits, pattern_offers, tests_workspace_edit
from chris_style.lsp.positions import to_lsp_range
from chris_style.lsp.server import ChrisStyleServer
from chris_style.lsp.workspace_edits import EditWriter, text_change, to_engine_range
from chris_style.refactors.extract_constant import extract_constant_at
from chris_style.refactors.serialization import dataclass_at

logger = logging.getLogger(__name__)

FIX_ALL_TITLE = "Fix all safely fixable chris-style problems"
ORGANIZE_IMPORTS_TITLE = "Organize imports (chris-style)"
SAFETY_SUFFIXES = {FixSafety.SAFE: "", FixSafety.UNSAFE: " (unsafe)", FixSafety.SUGGESTION: " (suggestion)"}
UNSUPPRESSIBLE_CODES = frozenset({SYNTAX_ERROR_CODE, UNUSED_SUPPRESSION_CODE})
DOCUMENT_VALUE_CODE = "CS304"
STALE_SERIALIZATION_CODE = "CS803"
# The id's parts are joined with this; none of them (numbers, method names) contains it.
ID_SEPARATOR = ":"
# Guards the creation of a lint's _Prepared (see below); each then has its own lock.
_PREPARING = threading.Lock()


@dataclass
class ClientOptions:
    """What the client accepts, read from its capabilities: lazy edits (resolve) and how edits are written; and
    for actions that write other files (pattern_actions.py), whether it creates files and the open documents."""

    resolve: bool
    writer: EditWriter
    create_files: bool = False
    documents: Optional[DocumentStore] = None


@dataclass
class Offer:
    """An action before its edit is computed; `action_id` says how to compute it (see `edits_for`)."""

    title: str
    kind: str
    action_id: str
    diagnostics: Optional[List[types.Diagnostic]] = None
    preferred: bool = False


def _capability(capabilities: Any, *names: str) -> Any:
    value = capabilities
    for name in names:
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def client_options(
    capabilities: types.ClientCapabilities, encoding: str, documents: Optional[DocumentStore] = None
) -> ClientOptions:
    """Resolve when the client resolves `edit` and keeps `data`; Emacs' eglot does neither and gets every
    edit at once."""
    code_action = _capability(capabilities, "text_document", "code_action")
    resolvable = _capability(code_action, "resolve_support", "properties") or ()
    resolve = "edit" in resolvable and bool(_capability(code_action, "data_support"))
    document_changes = bool(_capability(capabilities, "workspace", "workspace_edit", "document_changes"))
    snippets = bool(_capability(capabilities, "workspace", "workspace_edit", "snippet_edit_support"))
    operations = _capability(capabilities, "workspace", "workspace_edit", "resource_operations") or ()
    create_files = types.ResourceOperationKind.Create in operations
    return ClientOptions(resolve, EditWriter(encoding, document_changes, snippets), create_files, documents)


def is_current(linted: Optional[Linted], version: int, generation: int) -> bool:
    """True when the lint is of the document's current version and settings: edits are served only then."""
    return linted is not None and linted.version == version and linted.generation == generation


def _wanted(kind: str, only: Optional[Sequence[str]]) -> bool:
    """LSP kinds are hierarchical: asking for `source` or `source.fixAll` includes `source.fixAll.chris-style`."""
    if not only:
        return True
    return any(kind == wanted or kind.startswith(f"{wanted}.") for wanted in only)


def _titled(fix: Fix) -> str:
    return fix.title + SAFETY_SUFFIXES[fix.safety]


def _touches(first: TextRange, second: TextRange) -> bool:
    return first.start <= second.end and second.start <= first.end


@dataclass
class _Prepared:
    """What the actions of one lint computed, for the next request about the same lint: the context (and the
    positions it found), each suppression and each action's edits."""

    context: Optional[RuleContext]
    lock: threading.Lock = field(default_factory=threading.Lock)
    suppressions: Dict[Tuple[str, int], Optional[Fix]] = field(default_factory=dict)
    edits: Dict[str, List[Edit]] = field(default_factory=dict)


def _prepared(linted: Linted) -> _Prepared:
    prepared = linted.actions
    if prepared is None:
        with _PREPARING:
            prepared = linted.actions
            if prepared is None:
                prepared = linted.actions = _Prepared(_new_context(linted))
    return prepared  # type: ignore[return-value]


def _new_context(linted: Linted) -> Optional[RuleContext]:
    result = linted.result
    if result is None or result.syntax_error is not None or result.not_analysed is not None:
        return None
    module = result.module
    python: Optional[ast.Module] = None  # Python's tree, when parsing again needed it (positions use it)
    if module is None and linted.tree_dropped:
        # A document that let go of its tree (documents.py, RECENT_DOCUMENTS): the text parsed when linted.
        try:
            module, python = pieces.parse(linted.source)
        except (cst.ParserSyntaxError, UnicodeEncodeError, RecursionError):
            return None
    if module is None:
        return None
    parsed = linted.parsed
    # The lint's layout spares a walk of the tree when positions are needed.
    layout = parsed.layout if parsed is not None and parsed.module is module else None
    return RuleContext(linted.source, module, linted.settings.engine, layout=layout, python=python)


def _context(linted: Linted) -> Optional[RuleContext]:
    return _prepared(linted).context


def _suppression(linted: Linted, name: str, index: int) -> Optional[Fix]:
    """The `noqa` or `deviation` suppression of the lint's violation `index`, computed once per lint."""
    prepared = _prepared(linted)
    key = (name, index)
    with prepared.lock:
        if key not in prepared.suppressions:
            context = prepared.context
            make = noqa_fix if name == "noqa" else deviation_fix
            violation = _violations(linted)[index]
            prepared.suppressions[key] = (
                make(linted.source, context.module, violation, context) if context is not None else None
            )
        return prepared.suppressions[key]


def _violations(linted: Linted) -> List[Violation]:
    return linted.result.violations if linted.result is not None else []


def _matching_violation(linted: Linted, diagnostic: types.Diagnostic, encoding: str) -> Optional[int]:
    if diagnostic.source != SOURCE:
        return None
    lines = linted.source.lines
    for index, violation in enumerate(_violations(linted)):
        if violation.code == diagnostic.code and to_lsp_range(lines, violation.range, encoding) == diagnostic.range:
            return index
    return None


def _quick_fixes(
    linted: Linted, diagnostics: Iterable[types.Diagnostic], encoding: str
) -> Tuple[List[Offer], Set[int]]:
    """The fixes and suppressions of the context's diagnostics, and the indices of the violations they cover."""
    offers: List[Offer] = []
    covered: Set[int] = set()
    context = _context(linted)
    violations = _violations(linted)
    for diagnostic in diagnostics:
        index = _matching_violation(linted, diagnostic, encoding)
        if index is None or index in covered:
            continue
        covered.add(index)
        violation = violations[index]
        for fix_index, fix in enumerate(violation.fixes):
            offers.append(Offer(
                _titled(fix), QUICK_FIX_KIND, _join("fix", index, fix_index), [diagnostic], fix.safety == FixSafety.SAFE
            ))
        if context is None or violation.code in UNSUPPRESSIBLE_CODES:
            continue
        for name in ("noqa", "deviation"):
            suppression = _suppression(linted, name, index)
            if suppression is not None:
                offers.append(Offer(suppression.title, QUICK_FIX_KIND, _join(name, index), [diagnostic]))
    return offers, covered


def _join(*parts: object) -> str:
    return ID_SEPARATOR.join(str(part) for part in parts)


def _document_value(linted: Linted, selection: TextRange, covered: Set[int]) -> List[Offer]:
    """CS304's comments on the value under the cursor, when its diagnostic is not in the context already."""
    offers = []
    for index, violation in enumerate(_violations(linted)):
        if violation.code != DOCUMENT_VALUE_CODE or index in covered or not _touches(violation.range, selection):
            continue
        for fix_index, fix in enumerate(violation.fixes):
            comment = " ".join(edit.content.strip() for edit in fix.edits)
            offers.append(Offer(f"Document value: {comment}", REWRITE_KIND, _join("fix", index, fix_index)))
    return offers


def _serialization(linted: Linted, context: RuleContext, position: Position) -> List[Offer]:
    """Generate the methods a dataclass lacks, or regenerate them all where CS803 finds them stale."""
    class_def = dataclass_at(context, position)
    if class_def is None or not can_generate(context, class_def):
        return []
    class_range = context.range_of(class_def)
    stale = any(
        violation.code == STALE_SERIALIZATION_CODE and _touches(violation.range, class_range)
        for violation in _violations(linted)
    )
    existing = own_methods(class_def)
    if stale:
        methods = [method for method in SERIALIZATION_METHODS if method in existing] or list(SERIALIZATION_METHODS)
        verb = "Regenerate"
    else:
        methods = [method for method in SERIALIZATION_METHODS if method not in existing]
        verb = "Generate"
    if not methods:
        return []
    names = "/".join(f"{method}()" for method in methods)
    action_id = _join("generate", position.line, position.column, ",".join(methods))
    return [Offer(f"{verb} {names}", REWRITE_KIND, action_id)]


def _extract(context: RuleContext, selection: TextRange) -> List[Offer]:
    if selection.start == selection.end:
        return []
    extracted = extract_constant_at(context, selection)
    if extracted is None:
        return []
    start, end = selection.start, selection.end
    return [Offer(f"Extract constant {extracted.name}", EXTRACT_KIND,
                  _join("extract", start.line, start.column, end.line, end.column))]


def _has_safe_fix(linted: Linted) -> bool:
    return any(violation.fix is not None and violation.fix.safety in BULK_SAFETIES for violation in _violations(linted))


def _imports_unorganized(context: RuleContext) -> bool:
    block = find_import_block(context.module, context.settings, context.source.path, context.source.text)
    return block is not None and not block.is_organized


def offers_for(linted: Linted, params: types.CodeActionParams, encoding: str) -> List[Offer]:
    """Every action that applies to the request's range and context, in the order editors show them:
    quick fixes, refactorings, source actions."""
    only = params.context.only
    selection = to_engine_range(linted.source, params.range, encoding)
    context = _context(linted)
    offers, covered = _quick_fixes(linted, params.context.diagnostics, encoding)
    if context is not None:
        if _wanted(REWRITE_KIND, only):
            offers.extend(_document_value(linted, selection, covered))
            offers.extend(_serialization(linted, context, selection.start))
        if _wanted(EXTRACT_KIND, only):
            offers.extend(_extract(context, selection))
        wanted = functools.partial(_wanted, only=only)
        offers.extend(Offer(*offer) for offer in pattern_offers(context, selection.start, wanted))
        if _wanted(FIX_ALL_KIND, only) and _has_safe_fix(linted):
            offers.append(Offer(FIX_ALL_TITLE, FIX_ALL_KIND, "fixAll"))
        if _wanted(ORGANIZE_IMPORTS_KIND, only) and _imports_unorganized(context):
            offers.append(Offer(ORGANIZE_IMPORTS_TITLE, ORGANIZE_IMPORTS_KIND, "organizeImports"))
    return [offer for offer in offers if _wanted(offer.kind, only)]


def edits_for(linted: Linted, action_id: str, rule_set: RuleSet) -> List[Edit]:
    """The engine edits of an action of this lint (none when it no longer applies), computed once per lint;
    fix-all lints again with `rule_set`."""
    prepared = _prepared(linted)
    with prepared.lock:
        found = prepared.edits.get(action_id)
    if found is None:
        found = _compute_edits(linted, action_id, rule_set)
        with prepared.lock:
            prepared.edits[action_id] = found
    return list(found)


def _compute_edits(linted: Linted, action_id: str, rule_set: RuleSet) -> List[Edit]:
    name, *arguments = action_id.split(ID_SEPARATOR)
    context = _context(linted)
    violations = _violations(linted)
    if name == "fix":
        index, fix_index = int(arguments[0]), int(arguments[1])
        return list(violations[index].fixes[fix_index].edits)
    if context is None:
        return []
    patterned = pattern_edits(context, action_id)
    if patterned is not None:
        return patterned
    engine = linted.settings.engine
    if name in ("noqa", "deviation"):
        suppression = _suppression(linted, name, int(arguments[0]))
        return list(suppression.edits) if suppression is not None else []
    if name == "fixAll":
        # The lint at hand is fix-all's first round.
        outcome = fix_text(
            linted.source, engine, rule_set, BULK_SAFETIES, linted.settings.editor.min_priority,
            first=linted.result,
        )
        return text_change(linted.source, outcome.text)
    if name == "organizeImports":
        return text_change(linted.source, organize_imports(linted.source.text, engine, linted.source.path))
    if name == "generate":
        class_def = dataclass_at(context, Position(int(arguments[0]), int(arguments[1])))
        if class_def is None:
            return []
        return generate_serialization(context, class_def, arguments[2].split(","))
    if name == "extract":
        line, column, end_line, end_column = (int(argument) for argument in arguments)
        extracted = extract_constant_at(context, TextRange(Position(line, column), Position(end_line, end_column)))
        return list(extracted.edits) if extracted is not None else []
    logger.warning("unknown code action id %r", action_id)
    return []


# DEVIATION(CS801): returns a dict record
# Reason: this is the code action's JSON `data` field, sent as is and read back from the client at resolve.
def _data(uri: str, linted: Linted, offer: Offer) -> Dict[str, Any]:
    return {"uri": uri, "version": linted.version, "kind": offer.kind, "id": offer.action_id}


def code_actions(
    uri: str, linted: Linted, params: types.CodeActionParams, options: ClientOptions, rule_set: RuleSet
) -> List[types.CodeAction]:
    """The actions for a request: without edits (to resolve) when the client resolves them, else complete;
    an action whose edit turns out empty is then left out."""
    encoding = options.writer.encoding
    actions = []
    for offer in offers_for(linted, params, encoding):
        action = types.CodeAction(
            title=offer.title,
            kind=offer.kind,
            diagnostics=offer.diagnostics,
            is_preferred=True if offer.preferred else None,
        )
        if options.resolve:
            action.data = _data(uri, linted, offer)
        else:
            action.edit = _workspace_edit(uri, linted, offer.action_id, options, rule_set)
            if action.edit is None:
                continue
        actions.append(action)
    return actions


def _workspace_edit(
    uri: str, linted: Linted, action_id: str, options: ClientOptions, rule_set: RuleSet
) -> Optional[types.WorkspaceEdit]:
    """The action's edit in the client's terms, None when it has none."""
    if is_other_file_action(action_id):
        context = _context(linted)
        if context is None:
            return None
        writer = options.writer
        return tests_workspace_edit(
            context, action_id, writer.encoding, writer.document_changes, options.create_files, options.documents
        )
    edits = edits_for(linted, action_id, rule_set)
    return options.writer.workspace_edit(uri, linted.version, linted.source, edits) if edits else None


def resolve(action: types.CodeAction, linted: Linted, options: ClientOptions, rule_set: RuleSet) -> types.CodeAction:
    """The action with its edit, computed from the lint its `data` names (the caller checked it is current)."""
    data = action.data if isinstance(action.data, dict) else {}
    action.edit = _workspace_edit(str(data.get("uri")), linted, str(data.get("id", "")), options, rule_set)
    return action


async def on_code_action(ls: ChrisStyleServer, params: types.CodeActionParams) -> Optional[List[types.CodeAction]]:
    """`textDocument/codeAction`. A request carries no version: the server's copy of the document is the client's
    current one. Its lint is awaited (started now if the last one is older), the actions are computed off the
    event loop and dropped if the document changed meanwhile, so no edit is ever offered for a stale version."""
    document = ls.documents.get(params.text_document.uri)
    if document is None or not document.is_python:
        return None
    linted = await ls.scheduler.current(document)
    if linted is None or linted.result is None:
        return None
    options = client_options(ls.client_capabilities, ls.encoding, ls.documents)
    actions = await asyncio.get_running_loop().run_in_executor(
        ls.request_executor, code_actions, document.uri, linted, params, options, ls.rule_set
    )
    return actions if is_current(linted, document.version, ls.scheduler.generation) else None


async def on_code_action_resolve(ls: ChrisStyleServer, params: types.CodeAction) -> types.CodeAction:
    """`codeAction/resolve`, only against the very version the action was offered for; otherwise the action comes
    back without an edit, which the client applies as nothing."""
    data = params.data if isinstance(params.data, dict) else {}
    document = ls.documents.get(str(data.get("uri")))
    linted = document.linted if document is not None else None
    if document is None or linted is None or data.get("version") != document.version:
        return params
    if not is_current(linted, document.version, ls.scheduler.generation):
        return params
    options = client_options(ls.client_capabilities, ls.encoding, ls.documents)
    resolved = await asyncio.get_running_loop().run_in_executor(
        ls.request_executor, resolve, params, linted, options, ls.rule_set
    )
    if not is_current(linted, document.version, ls.scheduler.generation):
        resolved.edit = None
    return resolved
