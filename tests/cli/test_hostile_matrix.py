"""The hostile corpus through `check`, `fix` and `fix --unsafe-fixes`, all files in one run: every file that
can be checked is, each that cannot is named in one line on stderr (exit status 2, no traceback), a file that
does not parse gets CS000, and a fix keeps the encoding, the BOM and the line endings, gives code that parses,
and converges (a second run changes nothing)."""

import re
import shutil
from pathlib import Path
from typing import Dict, List, Set

import libcst as cst
import pytest

from chris_style.files import decode_source
from tests.conftest import run_cli
from tests.hostile.corpus import Case, hostile_cases, write_cases

CASES = hostile_cases()
ERROR_LINE = re.compile(r"^chris-style: error: (?P<path>[^:]+): ")
CS000_LINE = re.compile(r"^(?P<path>[^:]+):\d+:\d+: CS000 ")
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("hostile") / "corpus"
    write_cases(directory, CASES)
    (directory / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
    return directory


def _named_on_stderr(stderr: str) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for line in stderr.splitlines():
        match = ERROR_LINE.match(line)
        if match:
            name = Path(match.group("path")).name
            counts[name] = counts.get(name, 0) + 1
    return counts


def _cannot_check() -> Set[str]:
    return {case.file_name for case in CASES if not case.readable or not case.analysable}


def _problems(stderr: str) -> List[str]:
    return [line for line in stderr.splitlines() if "Traceback" in line or "internal error" in line]


def test_WHEN_the_corpus_is_checked_THEN_files_that_cannot_be_are_named_once_AND_the_rest_are_checked(
    corpus: Path,
) -> None:
    result = run_cli("check", str(corpus), "--no-cache", "--jobs", "2")
    named = _named_on_stderr(result.stderr)
    syntax_errors = {Path(match.group("path")).name for line in result.stdout.splitlines()
                     if (match := CS000_LINE.match(line))}
    must_fail = {case.file_name for case in CASES if case.readable and case.analysable and case.parses is False}
    must_pass = {case.file_name for case in CASES if case.parses is True}
    assert (2, [], {name: 1 for name in _cannot_check()}) == (result.exit_code, _problems(result.stderr), named)
    assert (must_fail, set()) == (must_fail & syntax_errors, must_pass & syntax_errors)


def _parses(text: str) -> bool:
    try:
        cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError, UnicodeEncodeError):
        return False
    return True


def _fix_broke(case: Case, after: bytes) -> List[str]:
    """What a fix did wrong to one file, in words (nothing when it did right)."""
    if after == case.data:
        return []
    if not case.readable or not case.analysable:
        return ["an unreadable or unanalysable file was written"]
    before_text = decode_source(case.data).text
    after_file = decode_source(after)
    wrong = []
    if case.data.startswith(BOM) != after.startswith(BOM):
        wrong.append("BOM changed")
    if decode_source(case.data).encoding != after_file.encoding:
        wrong.append(f"encoding changed to {after_file.encoding}")
    if ("\r" in before_text) != ("\r" in after_file.text) or ("\r\n" in before_text) != ("\r\n" in after_file.text):
        wrong.append("line endings changed")
    if _parses(before_text) and not _parses(after_file.text):
        wrong.append("the fixed code does not parse")
    return wrong


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_WHEN_the_corpus_is_fixed_THEN_no_file_is_harmed_AND_a_second_unsafe_run_changes_nothing(
    corpus: Path, tmp_path: Path, unsafe: bool
) -> None:
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy)
    options = ["--unsafe-fixes"] if unsafe else []
    first = run_cli("fix", str(copy), "--no-cache", "--jobs", "2", *options)
    after = {case.name: (copy / case.file_name).read_bytes() for case in CASES}
    harmed = {case.name: wrong for case in CASES if (wrong := _fix_broke(case, after[case.name]))}
    assert (2, [], {name: 1 for name in _cannot_check()}, {}) == (
        first.exit_code, _problems(first.stderr), _named_on_stderr(first.stderr), harmed
    )
    if unsafe:
        # The unsafe fixes include the safe ones: their second run also shows the safe ones converge.
        second = run_cli("fix", str(copy), "--no-cache", "--jobs", "2", *options)
        again = {case.name: (copy / case.file_name).read_bytes() for case in CASES}
        assert ([], []) == ([name for name in after if after[name] != again[name]], _problems(second.stderr))
