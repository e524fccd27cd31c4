"""CS607 printf-or-format-call: formatting inside functions uses f-strings, not `%` or `.format()` on a
literal."""

import logging
import re
import string
from typing import Dict, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Fix, FixSafety, Invalid, Rule, Scope
from chris_style.rules.idioms._printf_conversion import (
    _escape_braces,
    _is_bytes,
    _literal_parts,
    _printf_field,
    _simple_expression,
)
from chris_style.rules.idioms._shared import _has_comment

logger = logging.getLogger(__name__)

# Characters that may not appear in an expression moved into an f-string that must also run on Python
# 3.10/3.11: quotes and backslashes are not allowed there, `#` would start a comment, braces and newlines
# would change the field.
FSTRING_UNSAFE_CHARACTERS = frozenset("'\"\\#{}\n\r")
PRINTF_PATTERN = re.compile(
    r"%(?:\((?P<key>[^()]*)\))?(?P<flags>[-#0 +]*)(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?"
    r"(?P<length>[hlL])?(?P<type>[diouxXeEfFgGcrsa%])"
)
FORMAT_FIELD_PATTERN = re.compile(r"(?P<first>\d*|[A-Za-z_]\w*)(?P<rest>(?:\.[A-Za-z_]\w*)*)")


def _evaluated_alike(uses: Sequence[cst.BaseExpression], written: Sequence[cst.BaseExpression]) -> bool:
    """True when the f-string evaluates the arguments as the call did: `%` and `.format()` evaluate each argument
    once, in the order written; an f-string evaluates each field where it stands. Reading a plain name twice or
    out of order changes nothing; an attribute (a property) or a subscript (`defaultdict`) may run code, so each
    must be used once and in the written order."""
    def runs_code(node: cst.BaseExpression) -> bool:
        return not isinstance(node, cst.Name)

    return [id(node) for node in uses if runs_code(node)] == [id(node) for node in written if runs_code(node)]


class PrintfOrFormatCall(Rule):
    """`"..." % args` or `"...".format(...)` called directly on a string literal inside a function.

    The guide (F-Strings, PREFERRED) uses f-strings for formatting: `f"Received request: {request.data}"`.
    Only literals are judged: `.format()` on a module-level template constant (the guide's own template
    pattern), logging's lazy `%s` arguments (`logger.info("x %s", y)`), bytes and code outside functions
    are left alone.

    Fix (safe, unsafe where said): convert to an f-string when every argument is a simple name, attribute
    or subscript (by a name or number), so that no quotes, backslashes or comments would land inside the
    f-string (it must run on Python 3.10 too); literal braces are doubled, `%%` becomes `%`. Safe when the
    result is the same for every value: `.format()` with its fields, conversions (`!r`) and format specs
    (`{:>10}`, `{0}`, `{name}`, `{0.attr}`), and `%` with a tuple or dict display of arguments using `%s`, `%r`, `%a` (with
    width or precision: `%-10s` becomes `{x!s:<10}`; a bare `%s` becomes `{x!s}`, since `%` calls str() and an
    f-string calls format(), which differ for str-mixin enums before Python 3.12). Unsafe: numeric conversions
    (`%d` truncates floats,
    `%.2f` converts a Decimal to float, format() does neither) and `"..." % x` with a single bare operand
    (if `x` held a tuple, `%` would unpack it). No fix for `*` widths, `%c`, precision on integers,
    implicitly concatenated literals, `*args`/`**kwargs`, `{0[key]}` or nested fields, unused arguments,
    mixed automatic and manual numbering, or when a comment would be lost. Also unsafe: an attribute or a
    subscript argument used twice or out of the written order (`'{1} {0}'.format(a.x, b.y)`): `.format()` and
    `%` evaluate each argument once in the order written, an f-string each field where it stands, and a
    property or a `defaultdict` runs code when read.
    """

    code = "CS607"
    name = "printf-or-format-call"
    priority = Priority.PREFERRED
    guideline = Guideline.F_STRINGS
    message = "Use an f-string instead of {kind} on a string literal"
    fix_safety = FixSafety.SAFE
    scope = Scope.STATEMENT
    VALID = [
        "def show(request):\n    logger.info(f'Received heuristic creation request: {request.data}')\n",
        "PROMPT = 'Summarize {text}'\n\ndef build(text):\n    return PROMPT.format(text=text)\n",
        "def show(name):\n    logger.info('Hello %s', name)\n",
        "message = 'Hello %s' % 'world'\n",
        "def pack(value):\n    return b'%d' % value\n",
        "def translate(count):\n    return _('%d items') % count\n",
        "def build(template, value):\n    return template % value\n",
    ]
    INVALID = [
        Invalid("def greet(name):\n    return 'Hello %s' % (name,)\n", fixed=(
                    'def greet(name):\n'
                    "    return f'Hello {name!s}'\n"
                )),
        Invalid(
            "def greet(user):\n    return 'Hello {}, you are {}'.format(user.name, user.age)\n",
            fixed="def greet(user):\n    return f'Hello {user.name}, you are {user.age}'\n",
        ),
        Invalid(
            "def row(item):\n    return '{0:>10} | {0!r} | {{literal}}'.format(item)\n",
            fixed="def row(item):\n    return f'{item:>10} | {item!r} | {{literal}}'\n",
        ),
        Invalid(
            "def row(data, i):\n    return \"{name}: {value.real}\".format(name=data[i], value=data[0])\n",
            fixed="def row(data, i):\n    return f\"{data[i]}: {data[0].real}\"\n",
        ),
        Invalid(
            "def ratio(part, label):\n    return '%r is 100%% {done} %-6s' % (part, label)\n",
            fixed="def ratio(part, label):\n    return f'{part!r} is 100% {{done}} {label!s:<6}'\n",
        ),
        Invalid(
            "def show(values):\n    return '%(first)s and %(second)r' % {'first': values.a, 'second': values.b}\n",
            fixed=(
                    'def show(values):\n'
                    "    return f'{values.a!s} and {values.b!r}'\n"
                ),
        ),
        Invalid("def count(total):\n    return '%d items' % total\n"),
        Invalid("def key(data):\n    return '{}'.format(data['key'])\n"),
        Invalid("def show(args):\n    return '%s %s' % args\n"),
        Invalid("def show(first, *rest):\n    return '{} {}'.format(first, *rest)\n"),
        Invalid("def show(name):\n    return ('Hello %s'  # greeting\n            % (name,))\n"),
        Invalid("def show(name):\n    return 'Hello ' 'there %s' % (name,)\n"),
        Invalid("def show(a, b):\n    return '{}'.format(a, b)\n"),
        # A property read twice, or two read in the other order, might run code twice or in another order.
        Invalid(
            "def show(job):\n    return '{0} ({0!r})'.format(job.status)\n",
            fixed="def show(job):\n    return f'{job.status} ({job.status!r})'\n",
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "def show(job):\n    return '%(b)s %(a)s' % {'a': job.first, 'b': job.second}\n",
            fixed="def show(job):\n    return f'{job.second!s} {job.first!s}'\n",
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid("square = lambda value: '%s squared' % (value,)\n", fixed="square = lambda value: f'{value!s} squared'\n"),
    ]

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if not isinstance(node.operator, cst.Modulo):
            return
        literal = node.left
        if not isinstance(literal, (cst.SimpleString, cst.ConcatenatedString)) or _is_bytes(literal):
            return
        if not self.context.in_function():
            return
        fixes: List[Fix] = []
        if isinstance(literal, cst.SimpleString) and not _has_comment(node):
            converted = self._from_printf(literal, node.right)
            if converted is not None:
                text, safety = converted
                fixes.append(self.fix("Convert to an f-string", safety, self.replace(node, text)))
        self.report(node, fixes=fixes, kind="`%` formatting")

    def visit_Call(self, node: cst.Call) -> None:
        function = node.func
        if not (isinstance(function, cst.Attribute) and function.attr.value == "format"):
            return
        literal = function.value
        if not isinstance(literal, (cst.SimpleString, cst.ConcatenatedString)) or _is_bytes(literal):
            return
        if not self.context.in_function():
            return
        fixes: List[Fix] = []
        if isinstance(literal, cst.SimpleString) and not _has_comment(node):
            converted = self._from_format(literal, node.args)
            if converted is not None:
                text, safety = converted
                fixes.append(self.fix("Convert to an f-string", safety, self.replace(node, text)))
        self.report(node, fixes=fixes, kind="`.format()`")

    def _expression(self, node: cst.BaseExpression) -> Optional[str]:
        if not _simple_expression(node):
            return None
        code = self.context.code_for(node)
        return None if any(character in FSTRING_UNSAFE_CHARACTERS for character in code) else code

    def _from_printf(self, literal: cst.SimpleString, right: cst.BaseExpression) -> Optional[Tuple[str, FixSafety]]:
        parts = _literal_parts(literal)
        if parts is None:
            return None
        exact = True
        positional: Optional[List[cst.BaseExpression]] = None
        mapping: Optional[Dict[str, cst.BaseExpression]] = None
        if isinstance(right, cst.Tuple):
            if not all(isinstance(element, cst.Element) for element in right.elements):
                return None
            positional = [element.value for element in right.elements]
        elif isinstance(right, cst.Dict):
            mapping = {}
            for element in right.elements:
                if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.SimpleString):
                    return None
                key = element.key.evaluated_value
                if not isinstance(key, str):
                    return None
                mapping[key] = element.value
        else:
            positional = [right]
            exact = False
        pieces: List[str] = []
        used_positions = 0
        used_keys: Set[str] = set()
        uses: List[cst.BaseExpression] = []
        body = parts.body
        index = 0
        while True:
            percent = body.find("%", index)
            pieces.append(_escape_braces(body[index : percent if percent != -1 else len(body)]))
            if percent == -1:
                break
            spec = PRINTF_PATTERN.match(body, percent)
            if spec is None:
                return None
            index = spec.end()
            if spec["type"] == "%":
                if spec.group(0) != "%%":
                    return None
                pieces.append("%")
                continue
            key = spec["key"]
            if key is not None:
                if mapping is None or key not in mapping:
                    return None
                argument = mapping[key]
                used_keys.add(key)
            else:
                if positional is None or used_positions >= len(positional):
                    return None
                argument = positional[used_positions]
                used_positions += 1
            expression = self._expression(argument)
            field = _printf_field(expression, spec) if expression is not None else None
            if field is None:
                return None
            uses.append(argument)
            pieces.append(field[0])
            exact = exact and field[1]
        if positional is not None and used_positions != len(positional):
            return None
        if mapping is not None and used_keys != set(mapping):
            return None
        if used_positions == 0 and not used_keys:
            return None
        written = positional if positional is not None else list(mapping.values()) if mapping is not None else []
        exact = exact and _evaluated_alike(uses, written)
        text = f"{parts.prefix}f{parts.quote}{''.join(pieces)}{parts.quote}"
        return text, FixSafety.SAFE if exact else FixSafety.UNSAFE

    def _from_format(self, literal: cst.SimpleString, args: Sequence[cst.Arg]) -> Optional[Tuple[str, FixSafety]]:
        parts = _literal_parts(literal)
        if parts is None:
            return None
        positional: List[cst.BaseExpression] = []
        keywords: Dict[str, cst.BaseExpression] = {}
        for arg in args:
            if arg.star:
                return None
            if arg.keyword is not None:
                keywords[arg.keyword.value] = arg.value
            else:
                positional.append(arg.value)
        try:
            parsed = list(string.Formatter().parse(parts.body))
        except ValueError:
            return None
        pieces: List[str] = []
        automatic: Optional[bool] = None
        next_index = 0
        used: Set[Union[int, str]] = set()
        uses: List[cst.BaseExpression] = []
        for literal_text, field_name, format_spec, conversion in parsed:
            pieces.append(_escape_braces(literal_text))
            if field_name is None:
                continue
            field = FORMAT_FIELD_PATTERN.fullmatch(field_name)
            format_spec = format_spec or ""
            if field is None or any(character in format_spec for character in "{}\\"):
                return None
            first = field["first"]
            key: Union[int, str]
            if first == "" or first.isdigit():
                is_automatic = first == ""
                if automatic is not None and automatic != is_automatic:
                    return None
                automatic = is_automatic
                key = next_index if is_automatic else int(first)
                next_index += 1 if is_automatic else 0
                argument = positional[key] if key < len(positional) else None
            else:
                key = first
                argument = keywords.get(first)
            if argument is None:
                return None
            expression = self._expression(argument)
            if expression is None:
                return None
            used.add(key)
            uses.append(argument)
            pieces.append(
                "{" + expression + field["rest"] + ("!" + conversion if conversion else "")
                + (":" + format_spec if format_spec else "") + "}"
            )
        if not used or used != set(range(len(positional))) | set(keywords):
            return None
        written = [arg.value for arg in args]
        safety = FixSafety.SAFE if _evaluated_alike(uses, written) else FixSafety.UNSAFE
        return f"{parts.prefix}f{parts.quote}{''.join(pieces)}{parts.quote}", safety
