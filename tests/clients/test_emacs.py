"""Emacs with eglot as a real client: `emacs --batch` loads the eglot configs of docs/editors/emacs.md verbatim,
opens a Python file, waits for eglot's Flymake diagnostics and writes what it saw (and the saved file) as JSON.

Debian 12 has Emacs 28.2 (`emacs-nox`) and eglot 1.9 as a package (`elpa-eglot`); scripts/test-all.sh installs
both. From Emacs 29 eglot is built in and the same configs apply.
"""

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from tests.docs.snippets import doc_snippet

logger = logging.getLogger(__name__)

EMACS = shutil.which("emacs")
PAGE = "editors/emacs.md"
MINIMAL = "eglot-minimal"
# Generous for busy machines; a passing scenario takes about 3 s.
WAIT_SECONDS = 30
EMACS_TIMEOUT_SECONDS = 90
CONFIG = '[tool.chris-style]\nselect = ["CS102", "CS201", "CS202", "CS405"]\n'
MODULE = "import requests\n\n\ndef run(command):\n    print(command)\n"
FIXABLE_MODULE = "def run(command: str):\n    pass\n"
# The two CRITICAL findings on line 4 of MODULE: (code, priority).
MISSING_PARAMETER_ANNOTATION = ("CS201", "CRITICAL")
MISSING_RETURN_ANNOTATION = ("CS202", "CRITICAL")
APPEND_AND_SAVE = '(goto-char (point-max)) (insert "# end\\n") (save-buffer)'
# What eglot 1.9 makes of LSP severities: Error -> eglot-error, Warning -> eglot-warning, anything else -> eglot-note.
ERROR, WARNING, NOTE = "eglot-error", "eglot-warning", "eglot-note"
DIAGNOSTIC_TEXT = re.compile(r"^chris-style \[(?P<code>CS\d+)\]: \[(?P<priority>[A-Z]+)\] ")

pytestmark = [pytest.mark.editor, pytest.mark.skipif(EMACS is None, reason="emacs is not installed (emacs-nox)")]

# What the harness adds to a user's config: interactive Emacs activates installed packages (Debian's elpa-eglot)
# before the init file, `--batch` does not.
PREAMBLE = """
(require 'package)
(package-initialize)
(setq make-backup-files nil)
"""

# Opens the file, lets eglot-ensure connect (it waits for the end of the current command), waits until Flymake
# has `count` diagnostics, runs `after`, and writes the diagnostics and the file as saved.
SCENARIO = """
(find-file {file})
(run-hooks 'post-command-hook)
(defun chris-style-test-wait (predicate)
  (let ((deadline (+ (float-time) {timeout})))
    (while (and (< (float-time) deadline) (not (funcall predicate)))
      (accept-process-output nil 0.05))
    (funcall predicate)))
(setq chris-style-test-seen
      (chris-style-test-wait (lambda () (>= (length (flymake-diagnostics)) {count}))))
{after}
(setq chris-style-test-items
      (mapcar (lambda (d)
                (list (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                      (cons 'type (symbol-name (flymake-diagnostic-type d)))
                      (cons 'text (flymake-diagnostic-text d))))
              (flymake-diagnostics)))
(setq chris-style-test-managed (eglot-managed-p))
(with-temp-file {output}
  (insert (json-encode (list (cons 'seen (if chris-style-test-seen t :json-false))
                             (cons 'managed (if chris-style-test-managed t :json-false))
                             (cons 'diagnostics (vconcat chris-style-test-items))))))
(kill-emacs 0)
"""


def lisp_string(text: str) -> str:
    return json.dumps(text)


def run_emacs(project: Path, config: str, count: int, text: str = MODULE, after: str = "",
              dir_locals: str = "") -> Dict[str, Any]:
    """Run the scenario in `project` with `config` as the user's init file; returns what Emacs wrote."""
    (project / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (project / "module.py").write_text(text, encoding="utf-8")
    if dir_locals:
        (project / ".dir-locals.el").write_text(dir_locals, encoding="utf-8")
    (project / "init.el").write_text(PREAMBLE + config, encoding="utf-8")
    output = project / "seen.json"
    scenario = SCENARIO.format(file=lisp_string("module.py"), timeout=WAIT_SECONDS, count=count, after=after,
                               output=lisp_string(str(output)))
    (project / "scenario.el").write_text(scenario, encoding="utf-8")
    # `chris-style` as the docs' config names it: the one of this interpreter's environment, first on PATH.
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                   "HOME": str(project)}
    completed = subprocess.run(
        [EMACS, "--batch", "-l", "init.el", "-l", "scenario.el"], cwd=project, env=environment,
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=EMACS_TIMEOUT_SECONDS, check=False,
    )
    assert output.is_file(), f"emacs wrote nothing (exit {completed.returncode}):\n{completed.stderr[-4000:]}"
    return json.loads(output.read_text(encoding="utf-8"))


def diagnostics(seen: Dict[str, Any]) -> List[Tuple[int, str, str, str]]:
    """(line, Flymake type, code, priority) of each diagnostic, from eglot's "chris-style [CODE]: [PRIORITY] ..."."""
    found = []
    for item in seen["diagnostics"]:
        match = DIAGNOSTIC_TEXT.match(item["text"])
        assert match is not None, item["text"]
        found.append((item["line"], item["type"], match.group("code"), match.group("priority")))
    return sorted(found)


def test_WHEN_emacs_opens_a_file_with_the_minimal_eglot_config_THEN_flymake_shows_severities_by_priority(
    tmp_path: Path,
) -> None:
    seen = run_emacs(tmp_path, doc_snippet(PAGE, MINIMAL), count=4)
    expected = [
        (1, NOTE, "CS102", "OBSERVED"),
        (4, WARNING, *MISSING_PARAMETER_ANNOTATION),
        (4, WARNING, *MISSING_RETURN_ANNOTATION),
        (5, NOTE, "CS405", "PREFERRED"),
    ]
    assert (True, True, expected) == (seen["seen"], seen["managed"], diagnostics(seen))


def test_WHEN_init_options_set_min_priority_THEN_only_critical_diagnostics_show(tmp_path: Path) -> None:
    config = doc_snippet(PAGE, MINIMAL) + doc_snippet(PAGE, "eglot-init-options")
    # The minimal config's entry comes first in eglot-server-programs once the second is added in front of it.
    seen = run_emacs(tmp_path, config, count=2, after="(sleep-for 1) (accept-process-output nil 0.5)")
    expected = [(4, WARNING, *MISSING_PARAMETER_ANNOTATION), (4, WARNING, *MISSING_RETURN_ANNOTATION)]
    assert expected == diagnostics(seen)


def test_WHEN_dir_locals_set_workspace_configuration_THEN_it_applies_to_the_folder(tmp_path: Path) -> None:
    seen = run_emacs(tmp_path, doc_snippet(PAGE, MINIMAL), count=2,
                     after="(sleep-for 1) (accept-process-output nil 0.5)",
                     dir_locals=doc_snippet(PAGE, "eglot-workspace-configuration"))
    # minPriority CRITICAL hides CS102 and CS405; severity CRITICAL = error makes the rest errors.
    expected = [(4, ERROR, *MISSING_PARAMETER_ANNOTATION), (4, ERROR, *MISSING_RETURN_ANNOTATION)]
    assert expected == diagnostics(seen)


def test_WHEN_a_file_is_saved_with_the_fix_on_save_hook_THEN_the_safe_fixes_are_written(tmp_path: Path) -> None:
    config = doc_snippet(PAGE, MINIMAL) + doc_snippet(PAGE, "eglot-fix-on-save")
    # An edit first, as a user makes one: Emacs runs no save hook for a buffer with nothing to save.
    run_emacs(tmp_path, config, count=1, text=FIXABLE_MODULE, after=APPEND_AND_SAVE)
    expected = "def run(command: str) -> None:\n    pass\n# end\n"
    assert expected == (tmp_path / "module.py").read_text(encoding="utf-8")


def test_WHEN_a_file_has_nothing_to_fix_THEN_the_fix_on_save_hook_saves_it_unchanged(tmp_path: Path) -> None:
    config = doc_snippet(PAGE, MINIMAL) + doc_snippet(PAGE, "eglot-fix-on-save")
    # CS201 has no fix: the server offers no fix-all action, and the hook must not stop the save.
    text = "def run(command) -> None:\n    pass\n"
    seen = run_emacs(tmp_path, config, count=1, text=text, after=APPEND_AND_SAVE)
    assert (True, text + "# end\n") == (seen["seen"], (tmp_path / "module.py").read_text(encoding="utf-8"))
