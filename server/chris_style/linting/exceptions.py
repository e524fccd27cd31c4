"""Writing a custom exception class for a `raise`: CS401's fix (`raise Exception(...)`) and the editor's "Extract
exception class" refactoring (also offered on a raise of a name nothing defines) share this code, so both write
the same class in the same place.

The guide's pattern (section 4, Custom Exception Hierarchy), whose first example keeps the message in the class:

    class TooMuchTraffic(Exception):
        def __init__(self, expected_traffic: int):
            super().__init__(f"User's expected traffic ({expected_traffic} Gbps) exceeds the limit ...")

    class ExpertInvocationError(Exception):
        pass

The message moves into `__init__` when the raise is the only one that the class is made for and passes one string
literal, or one f-string whose placeholders read names of the function (`{name}`, `{self.region}`): each becomes a
parameter of `__init__`, typed as in the function's signature when that annotation names only builtins and
imports (it is evaluated where the class is defined), `object` otherwise, and the raise passes the values
(`raise GetBucketStatusFailed(name)`). Placeholders that read module-level names (`{MAX_TRAFFIC}`) stay as they
are, as in the guide. Any other raise gets the `pass` body and keeps its arguments.

Where the class goes (the module's place for exceptions): after the module's last top-level exception class, or
else right above the first top-level definition (above its decorators and the comments directly above it), which
in the guide's modules is below the imports, the logger and the constants.
"""

import builtins
import logging
from dataclasses import dataclass
from typing import AbstractSet, Dict, Iterator, List, Optional, Sequence, Set, Tuple

import libcst as cst

from chris_style.linting import tree
from chris_style.linting.facts.names import collect_bindings
from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import BUILTIN_EXCEPTIONS, dotted_name, function_statements, parameter_names

logger = logging.getLogger(__name__)

# The classes whose name says nothing about what went wrong (CS401 reports raising them, CS407 catching them).
GENERIC_EXCEPTIONS = frozenset({"Exception", "BaseException"})
DEFAULT_BASE = "Exception"
SUFFIX_FAILED = "Failed"
TEST_PREFIX = "test_"
# The type of an `__init__` parameter whose annotation cannot be copied (none, or it names a local class).
FALLBACK_ANNOTATION = "object"
BUILTIN_NAMES = frozenset(dir(builtins))


@dataclass
class ExceptionClass:
    """What the fix or refactoring does: the class's name, a title, and the edits (the class, the raise)."""

    name: str
    title: str
    edits: Tuple[Edit, ...]


@dataclass
class _Parameter:
    name: str
    argument: str
    annotation: str


def raised_name(node: cst.Raise) -> Optional[cst.Name]:
    """The name a raise names: `X` in `raise X`, `raise X(...)`, `raise X(...) from e`."""
    raised = node.exc
    target = raised.func if isinstance(raised, cst.Call) else raised
    return target if isinstance(target, cst.Name) else None


def pascal_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def method_class(ancestors: Sequence[cst.CSTNode], function: cst.FunctionDef) -> Optional[cst.ClassDef]:
    """The class whose body defines `function` directly, if it is a method."""
    index = max(i for i, ancestor in enumerate(ancestors) if ancestor is function)
    for ancestor in reversed(ancestors[:index]):
        if isinstance(ancestor, cst.ClassDef):
            return ancestor
        if isinstance(ancestor, (cst.FunctionDef, cst.Lambda)):
            return None
    return None


def exception_class_name(function: cst.FunctionDef, method_of: Optional[cst.ClassDef]) -> Optional[str]:
    """`get_bucket_status` -> `GetBucketStatusFailed`; a dunder method adds its class (`ClientInitFailed`); a
    test drops its `test_` prefix (`test_upload` -> `UploadFailed`)."""
    name = function.name.value
    # pytest would try to collect a `Test…` class: a test's exception is named after what it exercises.
    stem = pascal_case(name[len(TEST_PREFIX) :] if name.startswith(TEST_PREFIX) else name)
    if name.startswith("__") and name.endswith("__") and method_of is not None:
        stem = pascal_case(method_of.name.value) + stem
    return f"{stem}{SUFFIX_FAILED}" if stem else None


def _innermost_def(ancestors: Sequence[cst.CSTNode]) -> Optional[cst.FunctionDef]:
    for ancestor in reversed(ancestors):
        if isinstance(ancestor, cst.FunctionDef):
            return ancestor
        if isinstance(ancestor, (cst.Lambda, cst.ClassDef)):
            return None
    return None


def _function_bindings(ancestors: Sequence[cst.CSTNode]) -> Set[str]:
    """Names the enclosing functions bind (parameters and own bodies): what a placeholder reads locally."""
    names: Set[str] = set()
    for ancestor in ancestors:
        if isinstance(ancestor, cst.FunctionDef):
            names.update(collect_bindings(function_statements(ancestor)))
            names.update(parameter_names(ancestor.params))
        elif isinstance(ancestor, cst.Lambda):
            names.update(parameter_names(ancestor.params))
    return names


def _raises_in(root: cst.CSTNode, own_only: bool) -> Iterator[cst.Raise]:
    stack: List[cst.CSTNode] = list(tree.children(root))
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Raise):
            yield node
        if own_only and isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            continue
        stack.extend(tree.children(node))


def module_exception_classes(module: cst.Module) -> List[cst.ClassDef]:
    """The top-level classes deriving from a builtin exception or from one of these, in the module's order."""
    found: Dict[str, cst.ClassDef] = {}
    for statement in module.body:
        if not isinstance(statement, cst.ClassDef):
            continue
        bases = [dotted_name(argument.value) for argument in statement.bases if argument.keyword is None]
        if any(base in BUILTIN_EXCEPTIONS or base in found for base in bases):
            found[statement.name.value] = statement
    return list(found.values())


def hierarchy_root(module: cst.Module) -> Optional[str]:
    """The module's own exception base: the one module exception class, deriving from a builtin one, that other
    module exception classes derive from. None when there is no such class or more than one."""
    classes = module_exception_classes(module)
    names = {class_def.name.value for class_def in classes}
    roots = set()
    for class_def in classes:
        for argument in class_def.bases:
            base = dotted_name(argument.value)
            if base in names:
                roots.add(base)
    builtin_rooted = [
        name
        for name in roots
        if any(dotted_name(argument.value) in BUILTIN_EXCEPTIONS for argument in _class_named(classes, name).bases)
    ]
    return builtin_rooted[0] if len(builtin_rooted) == 1 else None


def _class_named(classes: Sequence[cst.ClassDef], name: str) -> cst.ClassDef:
    return next(class_def for class_def in classes if class_def.name.value == name)


def _has_own_init(class_def: cst.ClassDef) -> bool:
    body = class_def.body.body if isinstance(class_def.body, cst.IndentedBlock) else ()
    return any(isinstance(statement, cst.FunctionDef) and statement.name.value == "__init__" for statement in body)


# -- the message ----------------------------------------------------------------------------------------------------


def _is_message(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.SimpleString):
        return "b" not in node.prefix.lower()
    if isinstance(node, cst.FormattedString):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return _is_message(node.left) and _is_message(node.right)
    return False


def _names_in(node: cst.CSTNode) -> Iterator[str]:
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            yield current.value
        stack.extend(tree.children(current))


class _Placeholders(cst.CSTTransformer):
    """Replaces the f-string placeholders that read the function's names with the `__init__` parameters."""

    def __init__(self, replacements: Dict[int, str]) -> None:
        super().__init__()
        self.replacements = replacements

    def leave_FormattedStringExpression(
        self, original_node: cst.FormattedStringExpression, updated_node: cst.FormattedStringExpression
    ) -> cst.FormattedStringExpression:
        name = self.replacements.get(id(original_node))
        return updated_node if name is None else updated_node.with_changes(expression=cst.Name(name))


class _MessageReader:
    """Reads a raise's message into `__init__` parameters, or says it cannot (None from `read`)."""

    def __init__(self, context: RuleContext, ancestors: Sequence[cst.CSTNode]) -> None:
        self.context = context
        self.local = _function_bindings(ancestors)
        function = _innermost_def(ancestors)
        self.annotations: Dict[str, cst.BaseExpression] = {}
        if function is not None:
            params = function.params
            for param in (*params.posonly_params, *params.params, *params.kwonly_params):
                if param.annotation is not None:
                    self.annotations[param.name.value] = param.annotation.annotation

    def read(self, call: cst.Call) -> Optional[Tuple[List[_Parameter], str]]:
        """The `__init__` parameters and the message's code reading them, for a call passing one message; None
        when the message cannot move into the class."""
        if len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star:
            return None
        message = call.args[0].value
        if not _is_message(message):
            return None
        parameters: Dict[str, _Parameter] = {}
        replacements: Dict[int, str] = {}
        for placeholder in self._placeholders(message):
            parameter = self._parameter(placeholder.expression)
            if parameter is None:
                if any(name in self.local for name in _names_in(placeholder.expression)):
                    return None  # it reads the function's names in a way no parameter can stand for
                continue
            known = parameters.get(parameter.name)
            if known is not None and known.argument != parameter.argument:
                return None
            parameters[parameter.name] = parameter
            replacements[id(placeholder)] = parameter.name
        code = self.context.module.code_for_node(message.visit(_Placeholders(replacements)))
        if "\n" in code or "\r" in code or "self" in parameters:
            return None
        return list(parameters.values()), code

    @staticmethod
    def _placeholders(message: cst.CSTNode) -> Iterator[cst.FormattedStringExpression]:
        """The message's placeholders in the order they are written (which the parameters follow)."""
        return (node for node in tree.walk(message) if isinstance(node, cst.FormattedStringExpression))

    def _parameter(self, expression: cst.BaseExpression) -> Optional[_Parameter]:
        """The parameter a placeholder reading a name of the function (`{name}`, `{self.region}`) becomes; None
        for any other placeholder."""
        dotted = dotted_name(expression)
        if dotted is None or dotted.count(".") > 1:
            return None
        head, _, attribute = dotted.partition(".")
        if head not in self.local:
            return None
        annotation = FALLBACK_ANNOTATION if attribute else self._annotation(head)
        return _Parameter(attribute or head, dotted, annotation)

    def _annotation(self, name: str) -> str:
        """The function's annotation of `name`, when it can be evaluated at module level: only builtins and
        imported names (a string annotation is never evaluated)."""
        annotation = self.annotations.get(name)
        if annotation is None:
            return FALLBACK_ANNOTATION
        if not isinstance(annotation, (cst.SimpleString, cst.ConcatenatedString)):
            bindings = self.context.facts.names.module_bindings()
            for used in _names_in(annotation):
                imported = isinstance(bindings.get(used), str)
                builtin = used in BUILTIN_NAMES and used not in bindings
                if not (imported or builtin):
                    return FALLBACK_ANNOTATION
        return self.context.module.code_for_node(annotation)


# -- the class and where it goes ----------------------------------------------------------------------------------


def _definition(
    context: RuleContext, name: str, base: str, message: Optional[Tuple[List[_Parameter], str]]
) -> List[str]:
    indent = context.module.default_indent
    header = f"class {name}({base}):"
    if message is None:
        return [header, f"{indent}pass"]
    parameters, code = message
    signature = ", ".join(["self", *(f"{parameter.name}: {parameter.annotation}" for parameter in parameters)])
    limit = context.settings.line_length
    init = f"{indent}def __init__({signature}) -> None:"
    lines = [header]
    if len(init) > limit:
        lines.extend([f"{indent}def __init__(", f"{indent * 3}{signature}", f"{indent}) -> None:"])
    else:
        lines.append(init)
    call = f"{indent * 2}super().__init__({code})"
    if len(call) > limit:
        lines.extend([f"{indent * 2}super().__init__(", f"{indent * 3}{code}", f"{indent * 2})"])
    else:
        lines.append(call)
    return lines


def _comment_lines_above(lines: Sequence[cst.EmptyLine], is_file_header: bool) -> int:
    """How many comment lines sit directly above a statement (no blank line between). A comment block that
    starts the file is its header and stays on top."""
    count = 0
    for line in reversed(lines):
        if line.comment is None:
            return count
        count += 1
    return 0 if is_file_header else count


def _above(context: RuleContext, statement: cst.BaseStatement) -> Position:
    """The start of the line above which a new top-level class goes: before the statement's decorators and the
    comment block directly above it."""
    first: cst.CSTNode = statement
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.decorators:
        first = statement.decorators[0]
    line = context.range_of(first).start.line
    module = context.module
    is_first = bool(module.body) and statement is module.body[0]
    # The first statement's comments are the module's header; the others keep theirs as leading lines.
    leading = module.header if is_first else getattr(statement, "leading_lines", ())
    return Position(line - _comment_lines_above(leading, is_file_header=is_first), 0)


def _placement(context: RuleContext, top: cst.BaseStatement, in_function: bool) -> Tuple[Position, bool]:
    """Where the class goes and whether it goes below a class (after it) rather than above a statement. A raise
    that runs at import time needs the class defined before the statement holding it."""
    body = list(context.module.body)
    indices = {id(statement): index for index, statement in enumerate(body)}
    limit = indices.get(id(top), len(body))
    exceptions = [class_def for class_def in module_exception_classes(context.module) if id(class_def) in indices]
    usable = [class_def for class_def in exceptions if in_function or indices[id(class_def)] < limit]
    if usable:
        return Position(context.range_of(usable[-1]).end.line + 1, 0), True
    first = next(
        (index for index, statement in enumerate(body) if isinstance(statement, (cst.FunctionDef, cst.ClassDef))),
        limit,
    )
    return _above(context, body[min(first, limit)]), False


def _write(
    context: RuleContext,
    node: cst.Raise,
    ancestors: Sequence[cst.CSTNode],
    name: str,
    base: str,
    single: bool,
) -> Optional[ExceptionClass]:
    """The class `name(base)` for the raise `node` (the message moved in when `single`), or the raise of the
    module's existing exception class of that name when it takes the same arguments."""
    raised = raised_name(node)
    assert raised is not None and node.exc is not None
    if name in _function_bindings(ancestors):
        return None
    bound = context.facts.names.module_bindings()
    if name in bound:
        existing = next((c for c in module_exception_classes(context.module) if c.name.value == name), None)
        if existing is None or _has_own_init(existing):
            return None
        rewrite = Edit(context.range_of(raised), name)
        return ExceptionClass(name, f"Raise the existing `{name}`", (rewrite,))
    message = None
    if single and isinstance(node.exc, cst.Call):
        message = _MessageReader(context, ancestors).read(node.exc)
    if message is not None:
        arguments = ", ".join(parameter.argument for parameter in message[0])
        rewrite = Edit(context.range_of(node.exc), f"{name}({arguments})")
    else:
        rewrite = Edit(context.range_of(raised), name)
    top = ancestors[1] if len(ancestors) > 1 else node
    in_function = any(isinstance(ancestor, (cst.FunctionDef, cst.Lambda)) for ancestor in ancestors)
    position, below = _placement(context, top, in_function)  # type: ignore[arg-type]
    newline = context.source.newline
    lines = _definition(context, name, base, message)
    text = newline.join(lines) + newline
    text = newline * 2 + text if below else text + newline * 2
    insertion = Edit(TextRange(position, position), text)
    return ExceptionClass(name, f"Raise a new `{name}` exception", (insertion, rewrite))


def generic_raise_class(
    context: RuleContext, node: cst.Raise, ancestors: Sequence[cst.CSTNode]
) -> Optional[ExceptionClass]:
    """CS401's fix for `raise Exception(...)` / `raise BaseException(...)` inside a function (`ancestors`: the
    raise's ancestors, outermost first): a class named after the function, deriving from the class raised so every
    `except` still catches it. None at module or class level (no function to name it after), or when the name is
    taken by something else."""
    raised = raised_name(node)
    function = _innermost_def(ancestors)
    if raised is None or raised.value not in GENERIC_EXCEPTIONS or function is None:
        return None
    name = exception_class_name(function, method_class(ancestors, function))
    if name is None:
        return None
    siblings = [other for other in _raises_in(function, own_only=True) if _raises_one_of(other, GENERIC_EXCEPTIONS)]
    return _write(context, node, ancestors, name, raised.value, single=len(siblings) == 1)


def is_undefined_exception(context: RuleContext, node: cst.Raise, ancestors: Sequence[cst.CSTNode]) -> bool:
    """A raise of a class-like name (`raise StackNotFound(...)`) that nothing binds: not a builtin, not bound
    by the module (imports, definitions) nor by the enclosing functions."""
    raised = raised_name(node)
    if raised is None or not raised.value[:1].isupper() or raised.value in BUILTIN_NAMES:
        return False
    return raised.value not in context.facts.names.module_bindings() and raised.value not in _function_bindings(
        ancestors
    )


def undefined_raise_class(
    context: RuleContext, node: cst.Raise, ancestors: Sequence[cst.CSTNode]
) -> Optional[ExceptionClass]:
    """The class for a raise of a name nothing defines, deriving from the module's own exception base when it
    has exactly one (see hierarchy_root), else from `Exception`."""
    if not is_undefined_exception(context, node, ancestors):
        return None
    raised = raised_name(node)
    assert raised is not None
    same = [other for other in _raises_in(context.module, own_only=False) if _raises_one_of(other, {raised.value})]
    base = hierarchy_root(context.module) or DEFAULT_BASE
    return _write(context, node, ancestors, raised.value, base, single=len(same) == 1)


def _raises_one_of(node: cst.Raise, names: AbstractSet[str]) -> bool:
    found = raised_name(node) if node.exc is not None else None
    return found is not None and found.value in names
