"""Whether a comment restates the statement below it (CS303): the words a comment could use for a
statement's names, literals and operations, and the comparison of the comment's words with them."""

import logging
import re
from typing import Dict, FrozenSet, Iterator, List, Set, Tuple

import libcst as cst

from chris_style.linting import tree

logger = logging.getLogger(__name__)

# Beyond this many meaningful words a comment says more than the statement can restate.
MAX_RESTATING_WORDS = 6
# "Nearly all" distinct meaningful words must restate the statement: all of up to four, all but one of five
# or six.
RESTATING_SHARE = 0.8
# A single word above a statement is a heading (`# Identifiers`, `# head_row`), not a restatement.
MIN_RESTATING_TOKENS = 2
# Shorter stems than this match only exactly: `add` must not match `address`.
MIN_PREFIX_MATCH = 4
POSSESSIVE_PATTERN = re.compile(r"['’]s\b")
WORD_PATTERN = re.compile(r"[A-Za-z]+|[0-9]+(?:\.[0-9]+)?")
IDENTIFIER_PART_PATTERN = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
STOPWORDS = frozenset(
    "a an the to of for in on at by with from into onto and or is are be been it its this that these those "
    "we our us my your you then now here there do does just new value values variable some all each every "
    "up simply also finally again".split()
)
# What a comment says for a statement's operations: verbs count only as the comment's first meaningful word
# (the imperative of `# Set the timeout`), so that `# A frozen set of ...` does not read as an assignment;
# nouns count anywhere.
ASSIGN_VERBS = frozenset("set assign store save define initialize initialise init declare update".split())
STATEMENT_VERBS: Dict[type, FrozenSet[str]] = {
    cst.Assign: ASSIGN_VERBS,
    cst.AnnAssign: ASSIGN_VERBS,
    cst.Return: frozenset("return give output".split()),
    cst.Import: frozenset("import load".split()),
    cst.ImportFrom: frozenset("import load".split()),
    cst.Del: frozenset("delete remove del clear drop".split()),
    cst.Raise: frozenset("raise throw fail".split()),
    cst.Assert: frozenset("assert check ensure verify validate confirm".split()),
    cst.Pass: frozenset("pass ignore".split()),
    cst.Break: frozenset("break stop exit leave end quit".split()),
    cst.Continue: frozenset("continue skip".split()),
    cst.Global: frozenset("global".split()),
    cst.Nonlocal: frozenset("nonlocal".split()),
}
STATEMENT_NOUNS: Dict[type, FrozenSet[str]] = {
    cst.Import: frozenset("module library package".split()),
    cst.ImportFrom: frozenset("module library package".split()),
    cst.Raise: frozenset("error exception".split()),
    cst.Pass: frozenset("nothing noop".split()),
    cst.Break: frozenset("loop".split()),
    cst.Continue: frozenset("next loop iteration".split()),
}
AUGMENTED_VERBS: Dict[type, FrozenSet[str]] = {
    cst.AddAssign: frozenset("increment increase add bump accumulate update".split()),
    cst.SubtractAssign: frozenset("decrement decrease subtract reduce update".split()),
    cst.MultiplyAssign: frozenset("multiply scale update".split()),
    cst.DivideAssign: frozenset("divide update".split()),
}
BINARY_VERBS: Dict[type, FrozenSet[str]] = {
    cst.Add: frozenset("add concatenate combine".split()),
    cst.Subtract: frozenset("subtract".split()),
    cst.Multiply: frozenset("multiply".split()),
    cst.Divide: frozenset("divide".split()),
}
BINARY_NOUNS: Dict[type, FrozenSet[str]] = {
    cst.Add: frozenset("plus sum".split()),
    cst.Subtract: frozenset("minus difference".split()),
    cst.Multiply: frozenset("times product".split()),
    cst.Divide: frozenset("ratio".split()),
}
CONTAINER_VERBS = frozenset("create make build initialize init".split())
EXPRESSION_VERBS: Dict[type, FrozenSet[str]] = {
    cst.Call: frozenset("call invoke run execute perform".split()),
    cst.Await: frozenset("await wait".split()),
    cst.Yield: frozenset("yield generate produce".split()),
    cst.List: CONTAINER_VERBS,
    cst.Dict: CONTAINER_VERBS,
    cst.Set: CONTAINER_VERBS,
    cst.Comparison: frozenset("compare check".split()),
}
EXPRESSION_NOUNS: Dict[type, FrozenSet[str]] = {
    cst.Call: frozenset("function method".split()),
    cst.List: frozenset("list array".split()),
    cst.Dict: frozenset("dict dictionary map mapping".split()),
    cst.Set: frozenset("set".split()),
    cst.Tuple: frozenset("tuple pair".split()),
    cst.Comparison: frozenset("equal equals".split()),
}
# Verbs for computing a value: when the statement stores or returns a call's result (`# Compute the total`
# over `total = sum(values)`).
RESULT_VERBS = frozenset("get compute calculate obtain fetch retrieve".split())
# Verbs for reading a value: when the statement just stores or returns an attribute or an item
# (`# Get the user's name` over `name = user.name`).
LOOKUP_VERBS = frozenset("get fetch retrieve read access lookup look".split())
CONSTRUCTOR_VERBS = frozenset("create instantiate construct build make".split())
CONSTRUCTOR_NOUNS = frozenset("instance object".split())
# How a comment spells the small numbers a statement holds (`# Initialize the counter to zero`).
NUMBER_WORDS = {"0": "zero", "1": "one", "2": "two", "3": "three", "10": "ten", "100": "hundred"}
EMPTY_WORDS = frozenset("empty blank".split())
NAME_WORDS: Dict[str, FrozenSet[str]] = {
    "None": frozenset("none null nothing empty".split()),
    "True": frozenset("true enable enabled on yes".split()),
    "False": frozenset("false disable disabled off no".split()),
}
# Words of a called name and the verbs a comment would use for them.
IDENTIFIER_SYNONYMS: Dict[str, FrozenSet[str]] = {
    "append": frozenset("add list".split()),
    "open": frozenset("file".split()),
    "read": frozenset("file".split()),
    "write": frozenset("file".split()),
    "sleep": frozenset("wait second seconds".split()),
    "extend": frozenset("add".split()),
    "insert": frozenset("add".split()),
    "get": frozenset("fetch retrieve read obtain grab".split()),
    "pop": frozenset("remove take".split()),
    "remove": frozenset("delete".split()),
    "len": frozenset("length count size number".split()),
    "str": frozenset("string convert".split()),
    "int": frozenset("integer convert".split()),
    "print": frozenset("log output display show".split()),
    "sort": frozenset("order".split()),
    "sorted": frozenset("sort order".split()),
    "join": frozenset("combine concatenate".split()),
    "strip": frozenset("trim clean".split()),
    "lower": frozenset("lowercase".split()),
    "upper": frozenset("uppercase".split()),
    "info": frozenset("log".split()),
    "debug": frozenset("log".split()),
    "warning": frozenset("log warn".split()),
    "error": frozenset("log".split()),
    "exception": frozenset("log".split()),
    "os": frozenset("operating system".split()),
    "env": frozenset("environment".split()),
    "environ": frozenset("environment variable".split()),
    "config": frozenset("configuration".split()),
    "cfg": frozenset("config configuration".split()),
    "args": frozenset("arguments".split()),
    "argv": frozenset("arguments".split()),
    "dir": frozenset("directory folder".split()),
    "tmp": frozenset("temporary temp".split()),
    "init": frozenset("initialize initialise".split()),
}


def _stem(word: str) -> str:
    """A crude stem so that `users`/`user`, `creating`/`create`, `parsed`/`parse` compare equal."""
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def _identifier_words(name: str) -> Iterator[str]:
    for part in name.split("_"):
        for word in IDENTIFIER_PART_PATTERN.findall(part):
            yield word.lower()


def _statement_words(statement: cst.BaseSmallStatement) -> Tuple[Set[str], Set[str]]:
    """Stems of everything a comment could restate about a statement, as (nouns, verbs): its names split into
    words and its literals are nouns; the words for its operations are verbs or nouns as the tables say."""
    nouns: Set[str] = set(STATEMENT_NOUNS.get(type(statement), ()))
    verbs: Set[str] = set(STATEMENT_VERBS.get(type(statement), ()))
    value = statement.value if isinstance(statement, (cst.Assign, cst.AnnAssign, cst.Return)) else None
    if isinstance(value, (cst.Attribute, cst.Subscript)):
        verbs.update(LOOKUP_VERBS)
    elif isinstance(value, (cst.Call, cst.Await)):
        verbs.update(RESULT_VERBS)
    # What is assigned to is not read: `# Store value for access` does not restate `cache[key] = value`.
    targets = {id(target) for target in _small_statement_targets(statement)}
    stack: List[cst.CSTNode] = [statement]
    while stack:
        node = stack.pop()
        stack.extend(tree.children(node))
        kind = type(node)
        if kind is cst.Name:
            name = node.value  # type: ignore[attr-defined]
            nouns.update(NAME_WORDS.get(name, ()))
            for word in _identifier_words(name):
                nouns.add(word)
                nouns.update(IDENTIFIER_SYNONYMS.get(word, ()))
        elif kind is cst.SimpleString:
            nouns.update(WORD_PATTERN.findall(node.value.lower()))  # type: ignore[attr-defined]
        elif kind in (cst.Integer, cst.Float):
            number = node.value.replace("_", "")  # type: ignore[attr-defined]
            nouns.add(number)
            if number in NUMBER_WORDS:
                nouns.add(NUMBER_WORDS[number])
        elif kind is cst.AugAssign:
            verbs.update(AUGMENTED_VERBS.get(type(node.operator), ()))  # type: ignore[attr-defined]
        elif kind is cst.BinaryOperation:
            verbs.update(BINARY_VERBS.get(type(node.operator), ()))  # type: ignore[attr-defined]
            nouns.update(BINARY_NOUNS.get(type(node.operator), ()))  # type: ignore[attr-defined]
        elif id(node) not in targets:
            verbs.update(EXPRESSION_VERBS.get(kind, ()))
            nouns.update(EXPRESSION_NOUNS.get(kind, ()))
            if kind is cst.Call and _is_constructor_call(node):  # type: ignore[arg-type]
                verbs.update(CONSTRUCTOR_VERBS)
                nouns.update(CONSTRUCTOR_NOUNS)
            if kind in (cst.List, cst.Dict, cst.Set, cst.Tuple) and not node.elements:  # type: ignore[attr-defined]
                nouns.update(EMPTY_WORDS)
    return {_stem(word) for word in nouns}, {_stem(word) for word in verbs}


def _is_constructor_call(call: cst.Call) -> bool:
    """A call of a PascalCase name: `S3Client()`, `models.Request(...)`."""
    func = call.func
    called = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else ""
    return called[:1].isupper()


def _small_statement_targets(statement: cst.BaseSmallStatement) -> List[cst.CSTNode]:
    if isinstance(statement, cst.Assign):
        return [target.target for target in statement.targets]
    if isinstance(statement, (cst.AnnAssign, cst.AugAssign)):
        return [statement.target]
    return []


def _meaningful_words(comment: str) -> List[str]:
    text = POSSESSIVE_PATTERN.sub("", comment.lower())
    return [word for word in WORD_PATTERN.findall(text) if word not in STOPWORDS]


def restates(comment_text: str, statement: cst.BaseSmallStatement) -> bool:
    """True when nearly every meaningful word of a short comment restates the statement below it.

    A one-word comment (`# Identifiers`, `# head_row`) is a heading for what follows, not a restatement."""
    if len(comment_text.split()) < MIN_RESTATING_TOKENS:
        return False
    words = _meaningful_words(comment_text)
    if len(set(words)) < MIN_RESTATING_TOKENS or len(words) > MAX_RESTATING_WORDS:
        return False
    nouns, verbs = _statement_words(statement)
    stems = list(dict.fromkeys(_stem(word) for word in words))
    matched = sum(1 for index, stem in enumerate(stems) if (index == 0 and stem in verbs) or _matches(stem, nouns))
    return matched / len(stems) >= RESTATING_SHARE


def _matches(stem: str, nouns: Set[str]) -> bool:
    """Equal stems, or one a prefix of the other (`count`/`counter`, `config`/`configuration`)."""
    if stem in nouns:
        return True
    if len(stem) < MIN_PREFIX_MATCH:
        return False
    return any(len(word) >= MIN_PREFIX_MATCH and (word.startswith(stem) or stem.startswith(word)) for word in nouns)
