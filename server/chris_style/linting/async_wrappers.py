"""Writing a synchronous wrapper around a coroutine function: the editor's "Add sync wrapper" refactoring.

The guide's Async Wrapper Pattern (section 10): the async implementation is private and a public function of the
same signature runs it with `asyncio.run()`:

    def perform_inference(llm: Runnable[LanguageModelInput, BaseMessage],
                          batched_tasks: List[InferenceRequest]) -> List[InferenceResult]:
        return asyncio.run(_perform_async_inference(llm, batched_tasks))

The wrapper takes the coroutine's parameters (annotations and defaults as written), returns what it returns,
repeats its docstring, and goes right below it. Its name drops the coroutine's leading underscores and an
`async`/`aio` word (`_perform_async_inference` -> `perform_inference`, `_fetch` -> `fetch`); a public coroutine
without such a word gets `<name>_sync`. A method gets a method (`self._fetch(...)`; a classmethod calls through
`cls`, a staticmethod through its class). Not offered for async generators (`asyncio.run` takes a coroutine),
nested functions, or when the name is taken.
"""

import logging
from dataclasses import dataclass
from typing import List, Optional, Sequence, Set, Tuple

import libcst as cst

from chris_style.linting.edits import add_import
from chris_style.linting.facts.classes import class_body_statements
from chris_style.linting.facts.names import collect_bindings
from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import dotted_name, is_docstring, own_nodes

logger = logging.getLogger(__name__)

ASYNCIO_MODULE = "asyncio"
# Words of a coroutine's name that only say it is a coroutine.
ASYNC_WORDS = frozenset({"async", "aio"})
SYNC_SUFFIX = "_sync"
METHOD_DECORATORS = frozenset({"classmethod", "staticmethod"})


@dataclass
class WrapperPlan:
    """The wrapper's name and where it lives: a module function, or a method of `owner`."""

    name: str
    function: cst.FunctionDef
    owner: Optional[cst.ClassDef]
    decorator: Optional[str]


def _is_generator(function: cst.FunctionDef) -> bool:
    return any(isinstance(node, (cst.Yield,)) for node in own_nodes(function.body))


def _decorator_names(function: cst.FunctionDef) -> List[str]:
    names = []
    for decorator in function.decorators:
        expression = decorator.decorator
        names.append(dotted_name(expression.func if isinstance(expression, cst.Call) else expression) or "")
    return names


def wrapper_name(coroutine: str, taken: Set[str]) -> Optional[str]:
    """`_perform_async_inference` -> `perform_inference`; `fetch` -> `fetch_sync`; None when both are taken."""
    words = [word for word in coroutine.lstrip("_").split("_") if word]
    stem = "_".join(word for word in words if word.lower() not in ASYNC_WORDS)
    candidates = [stem] if stem and stem != coroutine else []
    candidates.append(f"{stem or coroutine.lstrip('_')}{SYNC_SUFFIX}")
    return next((name for name in candidates if name not in taken and name.isidentifier()), None)


def plan_wrapper(
    context: RuleContext, function: cst.FunctionDef, ancestors: Sequence[cst.CSTNode]
) -> Optional[WrapperPlan]:
    """What to write for the coroutine `function` (`ancestors`: the module first), or None when no wrapper fits:
    not a coroutine, an async generator, a nested function, the name taken, `asyncio` bound to something else."""
    if function.asynchronous is None or _is_generator(function):
        return None
    if any(isinstance(ancestor, (cst.FunctionDef, cst.Lambda)) for ancestor in ancestors):
        return None
    # A module-level function, or a method of a module-level class.
    owner = ancestors[1] if len(ancestors) > 1 else None
    in_module_or_class = owner is None or isinstance(owner, cst.ClassDef)
    if len(ancestors) > 3 or not in_module_or_class:
        return None
    decorators = [name for name in _decorator_names(function) if name in METHOD_DECORATORS]
    if owner is None and decorators:
        return None
    bound = context.facts.names.module_bindings()
    if ASYNCIO_MODULE in bound and bound[ASYNCIO_MODULE] != ASYNCIO_MODULE:
        return None
    taken = set(collect_bindings(class_body_statements(owner))) if owner is not None else set(bound)
    name = wrapper_name(function.name.value, taken)
    if name is None:
        return None
    return WrapperPlan(name, function, owner, decorators[0] if decorators else None)


def _code(context: RuleContext, node: cst.CSTNode) -> str:
    return context.module.code_for_node(node).strip()


def _parameter(context: RuleContext, param: cst.Param, star: str = "") -> str:
    text = f"{star}{param.name.value}"
    if param.annotation is not None:
        text += f": {_code(context, param.annotation.annotation)}"
    if param.default is not None:
        # PEP 8: spaces around `=` only with an annotation.
        equals = " = " if param.annotation is not None else "="
        text += f"{equals}{_code(context, param.default)}"
    return text


def _signature(context: RuleContext, params: cst.Parameters) -> List[str]:
    parts = [_parameter(context, param) for param in params.posonly_params]
    if params.posonly_params:
        parts.append("/")
    parts.extend(_parameter(context, param) for param in params.params)
    if isinstance(params.star_arg, cst.Param):
        parts.append(_parameter(context, params.star_arg, "*"))
    elif params.kwonly_params:
        parts.append("*")
    parts.extend(_parameter(context, param) for param in params.kwonly_params)
    if params.star_kwarg is not None:
        parts.append(_parameter(context, params.star_kwarg, "**"))
    return parts


def _arguments(params: cst.Parameters, skip_first: bool) -> List[str]:
    positional = [param.name.value for param in (*params.posonly_params, *params.params)]
    if skip_first:
        positional = positional[1:]
    arguments = list(positional)
    if isinstance(params.star_arg, cst.Param):
        arguments.append(f"*{params.star_arg.name.value}")
    arguments.extend(f"{param.name.value}={param.name.value}" for param in params.kwonly_params)
    if params.star_kwarg is not None:
        arguments.append(f"**{params.star_kwarg.name.value}")
    return arguments


def _receiver(plan: WrapperPlan) -> Tuple[str, bool]:
    """What the wrapper calls the coroutine through (`self.`, `cls.`, `Client.`), and whether the coroutine's
    first parameter is that receiver (then it is not passed again)."""
    if plan.owner is None:
        return "", False
    if plan.decorator == "staticmethod":
        return f"{plan.owner.name.value}.", False
    params = plan.function.params
    first = [*params.posonly_params, *params.params]
    return (f"{first[0].name.value}.", True) if first else ("", False)


def wrapper_edits(context: RuleContext, plan: WrapperPlan, function_range: TextRange, indent: str) -> List[Edit]:
    """The wrapper inserted below the coroutine (whose text is `function_range`, indented by `indent`), and the
    `import asyncio` it needs."""
    function = plan.function
    params = function.params
    limit = context.settings.line_length
    newline = context.source.newline
    body = indent + context.module.default_indent
    returns = f" -> {_code(context, function.returns.annotation)}" if function.returns is not None else ""
    parameters = _signature(context, params)
    header = f"{indent}def {plan.name}({', '.join(parameters)}){returns}:"
    lines: List[str] = [f"{indent}@{plan.decorator}"] if plan.decorator else []
    if len(header) > limit:
        lines.append(f"{indent}def {plan.name}(")
        lines.extend(f"{body}{parameter}," for parameter in parameters)
        lines.append(f"{indent}){returns}:")
    else:
        lines.append(header)
    statements = function.body.body if isinstance(function.body, cst.IndentedBlock) else ()
    if statements and is_docstring(statements[0]):
        lines.append(f"{body}{_code(context, statements[0])}")
    receiver, skip_first = _receiver(plan)
    call = f"{receiver}{function.name.value}({', '.join(_arguments(params, skip_first))})"
    returns_none = function.returns is not None and _code(context, function.returns.annotation) == "None"
    keyword = "" if returns_none else "return "
    statement = f"{body}{keyword}{ASYNCIO_MODULE}.run({call})"
    if len(statement) > limit:
        inner = body + context.module.default_indent
        lines.extend([f"{body}{keyword}{ASYNCIO_MODULE}.run(", f"{inner}{call}", f"{body})"])
    else:
        lines.append(statement)
    blank_lines = 1 if plan.owner is not None else 2
    position = Position(function_range.end.line + 1, 0)
    text = newline * blank_lines + newline.join(lines) + newline
    if context.source.offset(position) == len(context.source.text) and not context.source.text.endswith(("\n", "\r")):
        text = newline + text
    edits = [Edit(TextRange(position, position), text)]
    import_edit = add_import(context, ASYNCIO_MODULE)
    if import_edit is not None:
        edits.insert(0, import_edit)
    return edits
