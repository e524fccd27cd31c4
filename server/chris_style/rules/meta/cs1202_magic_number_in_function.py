"""CS1202 magic-number-in-function: a number in a function body that wants a named module-level constant."""

import logging
import re
from typing import List, Optional, Sequence, Set

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.constants import compared_operand, extract_constant, is_sleep_call
from chris_style.linting.edits import has_from_import
from chris_style.linting.provenance import comment_directly_above, comment_lines
from chris_style.linting.rule import Files, Fix, FixSafety, Invalid, Rule, RuleContext, Valid
from chris_style.rules.meta._shared import _in_function_body

logger = logging.getLogger(__name__)

# `from time import sleep` / `from asyncio import sleep` make a bare `sleep(5)` the sleep of CS1202.
_SLEEP_MODULES = ("time", "asyncio")
# Values that are not magic: identities, the first counts, halving/doubling.
_PLAIN_NUMBERS = frozenset({0, 1, -1, 2})
# Keywords whose numbers describe code structure or layout, not tunable values: `warnings.warn(...,
# stacklevel=3)`, `text.split(",", maxsplit=3)`, `int(text, base=16)`, `json.dumps(data, indent=4)`.
_STRUCTURAL_KEYWORDS = frozenset({"stacklevel", "maxsplit", "base", "indent"})
# `len(parts) == 3` below this bound is an arity check (a tuple's shape), not a threshold such as 512.
_ARITY_LIMIT = 10
# A variable holding a length (`len_rv`, `parts_length`), compared like `len(...)`.
_LENGTH_WORD = re.compile(r"(^|_)(len|length)(_|$)")
# HTTP status codes compared with a status (`response.status_code == 404`, `500 <= status < 600`) are names
# already.
_HTTP_STATUS_RANGE = range(100, 601)
# Well-known ports compared with a port (`port == 443`) say what they are.
_WELL_KNOWN_PORTS = frozenset({21, 22, 25, 53, 80, 443, 8080, 8443})
# The HTTPS ports say what they are even passed positionally (`OpenSearchClient(host, 443, auth)`): no other
# number of their size is read as anything else.
_HTTPS_PORTS = frozenset({443, 8443})
# Version parts compared in compatibility checks (`minor >= 21`, `win_version.build >= 15063`).
_VERSION_PARTS = frozenset({"major", "minor", "micro", "patch", "releaselevel"})
# The largest values of a byte and of 16 bits: bounds every reader knows
# (`int(octet) <= 255`).
_WIDTH_BOUNDS = frozenset({255, 65535})
# The bit lengths of IPv4 and IPv6 addresses, the bounds of a network mask (`int(mask) <= 32`).
_ADDRESS_BITS = frozenset({32, 128})
_MASK_WORDS = ("mask", "cidr", "prefixlen")
# A class name (`ThreadPoolExecutor`, `Retry`): numbers passed to it positionally are its settings.
_CLASS_NAME = re.compile(r"^_?[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$")


class MagicNumberInFunction(Rule):
    """A number inside a function that should be a named module-level constant.

    Reported inside a function body, for a numeric literal other than 0, 1, -1 and 2 that is compared against
    (`if retries > 5:`), passed as a keyword argument (`timeout=30`), passed to `time.sleep`/`asyncio.sleep`,
    or passed positionally to a class (`ThreadPoolExecutor(8)`, `Retry(5, 0.5)`: the call of a CamelCase name).
    The guide wants tunable values as SCREAMING_SNAKE_CASE constants after the imports, with a comment saying
    why that value (Module-Level Constants, Hardcoded Values Documentation). It is a heuristic, so it sits one
    priority below its CRITICAL guideline. Test files are not checked; nor are default values of parameters
    (they already have a name), decorators, and code outside functions.

    Not reported, because the value is explained or plain where it stands: a number with a comment on its own
    line (`max_tokens=16000,  # the model's output limit`), or in a one-line statement with a comment line
    directly above it; layout and structure keywords (`indent=4`, `stacklevel=3`, `maxsplit=`, `base=`);
    lengths compared with small arities (`len(parts) == 3`); HTTP statuses compared with a status
    (`500 <= status_code < 600`); well-known ports compared with a port, and the HTTPS ports 443 and 8443 passed
    positionally (`OpenSearchClient(endpoint, 443, auth)`); version parts; the bounds of a byte or
    of 16 bits (`int(octet) <= 255`); and 32 or 128 compared with a network mask (`int(mask) <= 32`).

    Fix (unsafe, the name being a guess): extract the number to a constant named from the keyword
    (`TIMEOUT`), from what it is compared with (`retries > 5` → `MAX_RETRIES`) or `SLEEP_SECONDS`, placed
    with the other constants and commented `# TODO: why this value?`; the literal becomes the name. A name
    already used anywhere in the file gets a `_2` suffix. The editor's "Extract constant" refactoring does
    the same on any literal.
    """

    code = "CS1202"
    name = "magic-number-in-function"
    priority = Priority.PREFERRED
    priority_note = "A heuristic under the CRITICAL Module-Level Constants guideline: one level lower so it never cries wolf."
    guideline = Guideline.MODULE_LEVEL_CONSTANTS
    message = "Magic number {value} {context}: name it as a module-level constant"
    files = Files.NOT_TESTS
    fix_safety = FixSafety.UNSAFE
    VALID = [
        "MAX_RETRIES = 5  # the service recovers within five attempts\n\n\n"
        "def run(retries: int) -> bool:\n    return retries > MAX_RETRIES\n",
        "def run(values: List[int]) -> bool:\n    return len(values) > 2 and values[0] == 0 and values[-1] != -1\n",
        "def run(timeout: int = 30) -> None:\n    pass\n",
        "def run(values: List[int]) -> int:\n    return values[3] * 60\n",
        "LIMIT = 50\nok = LIMIT > 10\n",
        "class Plan:\n    size = compute(width=80)\n",
        "@retry(times=5)\ndef run() -> None:\n    pass\n",
        "def warn() -> None:\n    warnings.warn('old', DeprecationWarning, stacklevel=3)\n",
        "def parse(parts: List[str]) -> bool:\n    return len(parts) == 3 or len(parts) < 4\n",
        "def parse(rv: tuple) -> bool:\n    len_rv = len(rv)\n    return len_rv == 3\n",
        "def check(response: Response) -> bool:\n    return response.status_code == 404 or 400 <= response.status_code < 500\n",
        "def secure(url: URL) -> bool:\n    return url.port == 443\n",
        "def compatible(major: int, minor: int) -> None:\n    assert minor >= 21\n    assert sys.version_info.minor > 7\n",
        Valid("def test_WHEN_run_THEN_retries() -> None:\n    assert 5 == run(timeout=30)\n", path="tests/test_run.py"),
        # ocsf-playground: pretty-printed JSON.
        "def show(data: dict) -> str:\n    return json.dumps(data, indent=4)\n",
        "def connect(endpoint: str, auth: Auth) -> Client:\n    return OpenSearchClient(endpoint, 443, auth)\n",
        # aws-aio's capacity_planning.py: an octet and an IPv4 mask.
        "def valid(octet: str, mask_portion: str) -> bool:\n    return int(octet) <= 255 and int(mask_portion) <= 32\n",
        "def server_error(self) -> bool:\n    return 500 <= self.status_code < 600\n",
        # A comment says why.
        "def create() -> Llm:\n    return Llm(\n        temperature=1,\n        max_tokens=30001,  # the thinking budget plus one\n    )\n",
        "def poll() -> None:\n    # The API refreshes its status every ten seconds.\n    time.sleep(10)\n",
    ]
    INVALID = [
        Invalid(
            "import time\n\n\ndef poll() -> None:\n    time.sleep(5)\n",
            fixed="import time\n\nSLEEP_SECONDS = 5  # TODO: why this value?\n\n\ndef poll() -> None:\n    time.sleep(SLEEP_SECONDS)\n",
        ),
        Invalid(
            "import requests\n\nTIMEOUT = 10  # seconds\n\n\ndef get(url: str) -> None:\n    requests.get(url, timeout=30)\n",
            fixed="import requests\n\nTIMEOUT = 10  # seconds\nTIMEOUT_2 = 30  # TODO: why this value?\n\n\n"
            "def get(url: str) -> None:\n    requests.get(url, timeout=TIMEOUT_2)\n",
        ),
        Invalid(
            "def check(retries: int) -> None:\n    if retries > 5:\n        raise RuntimeError()\n",
            fixed="MAX_RETRIES = 5  # TODO: why this value?\ndef check(retries: int) -> None:\n"
            "    if retries > MAX_RETRIES:\n        raise RuntimeError()\n",
        ),
        Invalid(
            "def check(self) -> bool:\n    return -3 <= self.offset < 3.5\n",
            count=2,
        ),
        Invalid(
            "async def poll() -> None:\n    await asyncio.sleep(0.5)\n",
            fixed="SLEEP_SECONDS = 0.5  # TODO: why this value?\nasync def poll() -> None:\n    await asyncio.sleep(SLEEP_SECONDS)\n",
        ),
        Invalid(
            "def outer() -> None:\n    def inner(items: List[int]) -> bool:\n        return len(items) >= 512\n",
            fixed="MAX_ITEMS = 512  # TODO: why this value?\ndef outer() -> None:\n"
            "    def inner(items: List[int]) -> bool:\n        return len(items) >= MAX_ITEMS\n",
        ),
        # ocsf-playground's expert_def.py: the comment above is about the statement, not this argument.
        Invalid(
            "def create() -> Llm:\n    # Define our Bedrock LLM\n    llm = ChatBedrockConverse(\n"
            "        temperature=0,  # Suitable for code generation\n        max_tokens=16000,\n    )\n    return llm\n"
        ),
        # aws-aio's destroy_os_domain.py: the comment above the loop does not say why ten seconds.
        Invalid(
            "def wait() -> None:\n    # Keep checking the status of the domain\n    while True:\n        time.sleep(10)\n"
        ),
        # Positional settings of a class.
        Invalid(
            "def pool() -> Executor:\n    return ThreadPoolExecutor(8)\n",
            fixed="CONSTANT = 8  # TODO: why this value?\ndef pool() -> Executor:\n    return ThreadPoolExecutor(CONSTANT)\n",
        ),
        Invalid("def retry() -> Retry:\n    return urllib3.Retry(5, 0.5)\n", count=2),
    ]

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self._sleep_names: Optional[Set[str]] = None

    def visit_Integer(self, node: cst.Integer) -> None:
        # `int(text, 0)` takes exactly Python's integer literals: the value libcst's `evaluated_value` gives
        # (with `ast.literal_eval`) at a fraction of the cost, for every integer of the module.
        self._check(node, int(node.value, 0))

    def visit_Float(self, node: cst.Float) -> None:
        self._check(node, node.evaluated_value)

    def _check(self, node: cst.BaseNumber, value: float) -> None:
        ancestors = self.context.ancestors
        if not ancestors:
            return
        literal: cst.BaseExpression = node
        parent = ancestors[-1]
        if isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, (cst.Minus, cst.Plus)):
            literal = parent
            value = -value if isinstance(parent.operator, cst.Minus) else value
            ancestors = ancestors[:-1]
        if value in _PLAIN_NUMBERS:
            return
        where = self._context_of(literal, ancestors)
        if where is None or not _in_function_body(ancestors) or self._self_explanatory(literal, ancestors, value):
            return
        if self._commented(literal, ancestors):
            return
        fixes: List[Fix] = []
        extracted = extract_constant(self.context, literal, ancestors)
        if extracted is not None:
            fixes.append(self.fix(f"Extract constant `{extracted.name}`", FixSafety.UNSAFE, *extracted.edits))
        self.report(literal, fixes=fixes, value=self.context.code_for(literal).strip(), context=where)

    def _self_explanatory(self, literal: cst.BaseExpression, ancestors: Sequence[cst.CSTNode], value: float) -> bool:
        """Numbers whose role is plain from where they stand (see the constants above)."""
        parent = ancestors[-1]
        if isinstance(parent, cst.Arg):
            if parent.keyword is None:
                return value in _HTTPS_PORTS
            return parent.keyword.value in _STRUCTURAL_KEYWORDS
        compared = compared_operand(literal, ancestors)
        if compared is None:
            return False
        operand = compared[0]
        text = self.context.code_for(operand).lower()
        last = re.split(r"\W+", text.strip())[-1] if text.strip() else ""
        is_length = isinstance(operand, cst.Call) and isinstance(operand.func, cst.Name) and operand.func.value == "len"
        if is_length or _LENGTH_WORD.search(last):
            return abs(value) < _ARITY_LIMIT
        if "status" in text and value in _HTTP_STATUS_RANGE:
            return True
        if "port" in text and value in _WELL_KNOWN_PORTS:
            return True
        if value in _WIDTH_BOUNDS or (value in _ADDRESS_BITS and any(word in text for word in _MASK_WORDS)):
            return True
        return "version" in text or last in _VERSION_PARTS

    def _commented(self, literal: cst.BaseExpression, ancestors: Sequence[cst.CSTNode]) -> bool:
        """True when a comment explains the number: one on the number's own line, or a comment line right above
        a statement that is one line long (above a longer one, it speaks of the statement, not of this value)."""
        statement = next((node for node in reversed(ancestors) if isinstance(node, cst.BaseStatement)), None)
        if statement is None:
            return False
        start = self.context.range_of(statement).start.line
        line = self.context.range_of(literal).start.line
        if start == line and isinstance(statement, cst.SimpleStatementLine):
            if self.context.range_of(statement).end.line == line and comment_directly_above(self.context.module, statement):
                return True
        text = "\n".join(self.source.lines[start : line + 1]) + "\n"
        return line - start + 1 in comment_lines(text)

    def _context_of(self, literal: cst.BaseExpression, ancestors: Sequence[cst.CSTNode]) -> Optional[str]:
        parent = ancestors[-1]
        if isinstance(parent, cst.Arg) and parent.value is literal:
            if parent.keyword is not None:
                return f"passed as `{parent.keyword.value}=`"
            call = ancestors[-2] if len(ancestors) > 1 else None
            if not isinstance(call, cst.Call):
                return None
            if call.args[0] is parent and self._is_sleep(call):
                return "passed to sleep()"
            called = call.func.attr.value if isinstance(call.func, cst.Attribute) else getattr(call.func, "value", "")
            if isinstance(called, str) and _CLASS_NAME.match(called) and not parent.star:
                return f"passed to `{called}()`"
            return None
        if isinstance(parent, cst.Comparison) and parent.left is literal:
            return "in a comparison"
        if isinstance(parent, cst.ComparisonTarget) and parent.comparator is literal:
            return "in a comparison"
        return None

    def _is_sleep(self, call: cst.Call) -> bool:
        if is_sleep_call(call):
            return True
        if not (isinstance(call.func, cst.Name) and call.func.value == "sleep"):
            return False
        module = self.context.module
        return any(has_from_import(module, owner, "sleep") for owner in _SLEEP_MODULES)
