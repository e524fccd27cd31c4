"""`chris-style fix` run as a real subprocess: writes, --diff, CRLF, stdin, unsafe fixes."""

from pathlib import Path

from tests.conftest import run_cli

UNANNOTATED = "def run(command: str):\n    print(command)\n"
FIXED = "def run(command: str) -> None:\n    print(command)\n"


def test_WHEN_fix_run_THEN_file_rewritten(project: Path) -> None:
    module = project / "module.py"
    module.write_text(UNANNOTATED, encoding="utf-8")
    result = run_cli("fix", str(project))
    assert (0, FIXED) == (result.exit_code, module.read_text(encoding="utf-8"))


def test_WHEN_fix_diff_THEN_diff_printed_and_nothing_written(project: Path) -> None:
    module = project / "module.py"
    module.write_text(UNANNOTATED, encoding="utf-8")
    result = run_cli("fix", "--diff", str(project))
    assert 1 == result.exit_code
    assert True == ("-def run(command: str):" in result.stdout and "+def run(command: str) -> None:" in result.stdout)
    assert UNANNOTATED == module.read_text(encoding="utf-8")


def test_WHEN_fix_on_crlf_file_THEN_line_endings_kept(project: Path) -> None:
    module = project / "module.py"
    module.write_bytes(UNANNOTATED.replace("\n", "\r\n").encode("utf-8"))
    run_cli("fix", str(project))
    assert FIXED.replace("\n", "\r\n").encode("utf-8") == module.read_bytes()


def test_WHEN_fix_from_stdin_THEN_fixed_code_on_stdout() -> None:
    result = run_cli("fix", "-", "--stdin-filename", "module.py", stdin=UNANNOTATED.encode("utf-8"))
    assert (0, FIXED) == (result.exit_code, result.stdout)


def test_WHEN_nothing_to_fix_THEN_file_untouched(project: Path) -> None:
    module = project / "module.py"
    module.write_text(FIXED, encoding="utf-8")
    before = module.stat().st_mtime_ns
    result = run_cli("fix", str(project))
    assert (0, before) == (result.exit_code, module.stat().st_mtime_ns)


def test_WHEN_fix_on_latin1_file_THEN_encoding_kept(project: Path) -> None:
    module = project / "module.py"
    text = "# -*- coding: latin-1 -*-\nNAME = 'café'  # a name\ndef run(command: str):\n    print(command)\n"
    module.write_bytes(text.encode("latin-1"))
    run_cli("fix", str(project))
    assert text.replace("str):", "str) -> None:").encode("latin-1") == module.read_bytes()
