"""`chris-style fix` never loses a file: links are written through or left alone, mode and owner are kept, a
file changed during the run is not overwritten, a result its encoding cannot hold is not written, and a
temporary file a killed run left is cleaned up."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, List

import pytest
from click.testing import CliRunner

from chris_style.cli import app
from chris_style.cli.jobs import FileReport, Job, write_back
from chris_style.config.settings import Settings
from chris_style.guide import Priority
from chris_style.linting import fixes
from chris_style.linting.fixes import AppliedFix, fix_text
from chris_style.rules import REGISTRY
from chris_style.writing import NotWritten, temporary_prefix, write_fixed
from tests.conftest import CLI_TIMEOUT_SECONDS, run_cli

# Third-party above the standard library (CS606 in every import-sorting mode), and the fix.
UNSORTED = "import yaml\nimport os\n"
SORTED = "import os\n\nimport yaml\n"
# An owner the tests can give a file when they run as root: the conventional unprivileged "nobody".
NOBODY = 65534
GROUP_READABLE = 0o640


def test_WHEN_a_named_symlink_is_fixed_THEN_its_target_is_fixed_AND_the_link_stays(project: Path,
                                                                                    tmp_path_factory: Any) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "target.py"
    elsewhere.write_text(UNSORTED, encoding="utf-8")
    link = project / "link.py"
    link.symlink_to(elsewhere)
    result = run_cli("fix", str(link), "--no-cache")
    assert (0, True, str(elsewhere), SORTED) == (
        result.exit_code, link.is_symlink(), os.readlink(link), elsewhere.read_text(encoding="utf-8")
    )


def test_WHEN_a_walk_meets_symlinks_THEN_links_out_of_the_tree_are_not_followed_AND_a_file_is_fixed_once(
    project: Path, tmp_path_factory: Any
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "outside.py"
    outside.write_text(UNSORTED, encoding="utf-8")
    (project / "out_link.py").symlink_to(outside)
    inside = project / "inside.py"
    inside.write_text(UNSORTED, encoding="utf-8")
    (project / "in_link.py").symlink_to(inside)
    result = run_cli("fix", str(project), "--no-cache")
    assert (0, UNSORTED, SORTED, True, "Fixed 1 issue in 1 file; 0 remaining.") == (
        result.exit_code,
        outside.read_text(encoding="utf-8"),
        inside.read_text(encoding="utf-8"),
        (project / "in_link.py").is_symlink(),
        result.stderr.strip(),
    )


def test_WHEN_a_file_has_hard_links_THEN_it_is_not_written_AND_one_line_says_why(project: Path) -> None:
    module = project / "module.py"
    module.write_text(UNSORTED, encoding="utf-8")
    twin = project.parent / f"{project.name}-twin.py"
    os.link(module, twin)
    result = run_cli("fix", str(module), "--no-cache")
    errors = [line for line in result.stderr.splitlines() if line.startswith("chris-style: error:")]
    assert (2, UNSORTED, 2, 1) == (result.exit_code, module.read_text(encoding="utf-8"), module.stat().st_nlink,
                                   len(errors))
    assert True == ("2 hard links" in errors[0] and "Traceback" not in result.stderr)


def test_WHEN_a_file_is_fixed_THEN_its_mode_and_owner_are_kept(project: Path) -> None:
    module = project / "module.py"
    module.write_text(UNSORTED, encoding="utf-8")
    module.chmod(GROUP_READABLE)
    owner = (os.getuid(), os.getgid())
    if os.getuid() == 0:
        os.chown(module, NOBODY, NOBODY)
        owner = (NOBODY, NOBODY)
    run_cli("fix", str(module), "--no-cache")
    status = module.stat()
    assert (SORTED, GROUP_READABLE, owner) == (
        module.read_text(encoding="utf-8"), status.st_mode & 0o7777, (status.st_uid, status.st_gid)
    )


def test_WHEN_a_file_has_a_bom_THEN_the_fix_keeps_it(project: Path) -> None:
    module = project / "module.py"
    module.write_bytes(b"\xef\xbb\xbf" + UNSORTED.replace("\n", "\r\n").encode("utf-8"))
    run_cli("fix", str(module), "--no-cache")
    assert b"\xef\xbb\xbf" + SORTED.replace("\n", "\r\n").encode("utf-8") == module.read_bytes()


def test_WHEN_a_file_changes_on_disk_during_the_run_THEN_the_fix_of_its_old_text_is_not_written(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = project / "module.py"
    module.write_text(UNSORTED, encoding="utf-8")
    saved_meanwhile = "import yaml\nimport os\nimport json\n"

    def fix_while_the_user_saves(*args: Any, **kwargs: Any) -> Any:
        outcome = fix_text(*args, **kwargs)
        module.write_text(saved_meanwhile, encoding="utf-8")
        return outcome

    # jobs.py imports the engine when a file has to be linted: the patched function is the one it finds.
    monkeypatch.setattr(fixes, "fix_text", fix_while_the_user_saves)
    result = CliRunner().invoke(app.cli, ["fix", str(module), "--no-cache", "-j", "1"])
    assert (2, saved_meanwhile) == (result.exit_code, module.read_text(encoding="utf-8"))
    assert True == ("changed on disk during the run" in result.output)


def test_WHEN_the_fix_holds_a_character_the_files_encoding_cannot_THEN_not_written(project: Path) -> None:
    module = project / "module.py"
    original = "# -*- coding: latin-1 -*-\nNAME = 'café'\n".encode("latin-1")
    module.write_bytes(original)
    job = Job(module, "module.py", Settings(), REGISTRY, Priority.OBSERVED, write=True)
    report = FileReport(module, "module.py", applied_fixes=[AppliedFix("CS606", "Organize imports")], original_text=original.decode("latin-1"),
                        fixed_text="# -*- coding: latin-1 -*-\nNAME = 'café €'\n", original_data=original,
                        encoding="iso-8859-1")
    write_back(job, report)
    assert (original, 0, True) == (module.read_bytes(), report.fixes_applied, "'€'" in (report.error or ""))


def test_WHEN_a_killed_run_left_a_temporary_file_THEN_the_next_fix_removes_it(project: Path) -> None:
    module = project / "module.py"
    module.write_text(UNSORTED, encoding="utf-8")
    leftover = project / f"{temporary_prefix(module)}0123456789ab.tmp"
    leftover.write_text(SORTED[:5], encoding="utf-8")
    result = run_cli("fix", str(project), "--no-cache")
    assert (0, ["module.py", "pyproject.toml"], SORTED) == (
        result.exit_code, sorted(os.listdir(project)), module.read_text(encoding="utf-8")
    )


def test_WHEN_the_file_is_not_what_was_read_THEN_write_fixed_refuses(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_bytes(b"import os\n")
    with pytest.raises(NotWritten):
        write_fixed(module, b"import sys\n", b"fixed\n")
    assert b"import os\n" == module.read_bytes()


def test_WHEN_fixing_latin1_from_stdin_THEN_output_is_latin1(project: Path) -> None:
    text = "# -*- coding: latin-1 -*-\nimport yaml\nimport os\nNAME = 'café'\n"
    result = run_cli_bytes("fix", "-", "--stdin-filename", str(project / "module.py"), stdin=text.encode("latin-1"))
    expected = "# -*- coding: latin-1 -*-\nimport os\n\nimport yaml\nNAME = 'café'\n".encode("latin-1")
    assert (0, expected) == (result[0], result[1])


def test_WHEN_stdin_cannot_be_decoded_THEN_fix_gives_it_back_unchanged_AND_exit_2(project: Path) -> None:
    data = b"x = '\xff\xfe'\n"
    exit_code, stdout, stderr = run_cli_bytes("fix", "-", "--stdin-filename", str(project / "module.py"), stdin=data)
    assert (2, data, 1) == (exit_code, stdout, len(stderr.decode("utf-8").strip().splitlines()))


def run_cli_bytes(*arguments: str, stdin: bytes) -> List[Any]:
    """The CLI's exit status, standard output and error as bytes (run_cli decodes them as UTF-8)."""
    completed = subprocess.run([sys.executable, "-m", "chris_style", *arguments], input=stdin, capture_output=True,
                               timeout=CLI_TIMEOUT_SECONDS, check=False)
    return [completed.returncode, completed.stdout, completed.stderr]
