"""Fuzzing in the suite: byte-level mutations of real modules, and random valid programs (hypothesmith),
through lint, fix-all (the result parses and converges) and the language server (every version answered, no
lint fails). The number of examples is the Hypothesis profile's: a few in the suite, thousands with
`--hypothesis-profile=fuzz` (tests/conftest.py)."""

from pathlib import Path, PurePosixPath
from typing import Any, Dict, Iterator, List, Tuple

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chris_style.config.settings import Settings
from chris_style.linting.fixes import BULK_UNSAFE_SAFETIES, fix_text
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY
from tests.conftest import REPOSITORY_ROOT
from tests.lsp.raw_client import RawClient

# Small real modules of this repository: the material mutated.
REAL_MODULES = ("server/chris_style/linting/guard.py", "server/chris_style/writing.py", "server/chris_style/files.py")
SOURCES = [(REPOSITORY_ROOT / relative).read_bytes() for relative in REAL_MODULES]
MODULE_PATH = PurePosixPath("package/module.py")
# The largest offset a mutation names; it is taken modulo the module's length.
ANYWHERE = 1 << 20
# What a lint that raised shows in the editor (lsp/diagnostics.py).
FAILED_LINT = "chris-style could not check this file"
SLOW_EXAMPLES = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]

# One mutation: (kind, place, byte, length): replace a byte, insert one, delete a run, or repeat a run.
MUTATIONS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, ANYWHERE), st.integers(0, 255), st.integers(1, 64)),
    min_size=1, max_size=12,
)


def mutate(data: bytes, mutations: List[Tuple[int, int, int, int]]) -> bytes:
    mutable = bytearray(data)
    for kind, place, byte, length in mutations:
        place %= len(mutable) or 1
        if kind == 0 and mutable:
            mutable[place] = byte
        elif kind == 1:
            mutable[place:place] = bytes([byte])
        elif kind == 2:
            del mutable[place : place + length]
        else:
            mutable[place:place] = mutable[place : place + length]
    return bytes(mutable)


def mutant_text(index: int, mutations: List[Tuple[int, int, int, int]]) -> str:
    """A mutated module as an editor would hold it (undecodable bytes replaced)."""
    return mutate(SOURCES[index], mutations).decode("utf-8", "replace")


def _parses(text: str) -> bool:
    try:
        cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError, UnicodeEncodeError):
        return False
    return True


def _lint_and_fix(text: str) -> None:
    source = SourceFile(text, MODULE_PATH)
    result = lint(source, Settings(), REGISTRY)
    once = fix_text(source, Settings(), REGISTRY, BULK_UNSAFE_SAFETIES)
    twice = fix_text(SourceFile(once.text, MODULE_PATH), Settings(), REGISTRY, BULK_UNSAFE_SAFETIES)
    broke = _parses(text) and not _parses(once.text)
    assert ([], None, False, once.text) == (
        [(failure.code, failure.error) for failure in result.failures], once.error, broke, twice.text
    )


@settings(suppress_health_check=SLOW_EXAMPLES)
@given(st.integers(0, len(SOURCES) - 1), MUTATIONS)
def test_WHEN_a_real_module_is_mutated_THEN_lint_and_fix_all_never_fail_AND_fix_all_parses_and_converges(
    index: int, mutations: List[Tuple[int, int, int, int]]
) -> None:
    _lint_and_fix(mutant_text(index, mutations))


@settings(suppress_health_check=SLOW_EXAMPLES)
@given(hypothesmith.from_grammar())
def test_WHEN_a_random_valid_program_is_linted_and_fixed_THEN_nothing_fails_AND_fix_all_converges(code: str) -> None:
    _lint_and_fix(code)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    root = tmp_path_factory.mktemp("fuzz-server")
    (root / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
    client = RawClient(root)
    client.initialize(root)
    uri = (root / "module.py").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                            "text": ""}})
    state = {"client": client, "uri": uri, "version": 1}
    yield state
    client.close()


def _publication(client: RawClient, uri: str, version: int) -> Dict[str, Any]:
    while True:
        message = client.next_message()
        assert message is not None, f"no diagnostics for version {version}"
        if message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            if params["uri"] == uri and params.get("version") == version:
                return params
        elif "method" in message and "id" in message:
            client.send({"id": message["id"], "result": None})


@settings(suppress_health_check=[*SLOW_EXAMPLES, HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(SOURCES) - 1), MUTATIONS)
def test_WHEN_the_server_is_sent_mutated_modules_THEN_each_version_is_linted_AND_requests_are_answered(
    server: Dict[str, Any], index: int, mutations: List[Tuple[int, int, int, int]]
) -> None:
    client: RawClient = server["client"]
    server["version"] += 1
    version, uri = server["version"], server["uri"]
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                             "contentChanges": [{"text": mutant_text(index, mutations)}]})
    published = _publication(client, uri, version)
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 100_000, "character": 0}}
    hover = client.response(client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                                   "position": {"line": 1, "character": 1}}))
    actions = client.response(client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": whole,
        "context": {"diagnostics": published["diagnostics"], "only": ["quickfix", "source.fixAll"]},
    }))
    failed = [item["message"] for item in published["diagnostics"] if item["message"].startswith(FAILED_LINT)]
    errors = [answer.get("error") for answer in (hover, actions) if answer is None or "error" in answer]
    assert ([], []) == (failed, errors)
