"""The CLI's result cache: a second run over unchanged files reads what the first stored; a changed file, config
or tool is linted again; two runs at once agree; `--no-cache` neither reads nor writes."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import List
from unittest import mock

from chris_style.cli import cache as cache_module
from chris_style.cli.cache import PRUNE_MARKER, STALE_AFTER_DAYS, ResultCache
from chris_style.cli.jobs import Job, run_job
from chris_style.config.settings import Settings
from chris_style.guide import Priority
from chris_style.rules import REGISTRY
from tests.conftest import REPOSITORY_ROOT, run_cli
from tests.linting.test_runner_and_fixes import ExplodingRule
from tests.rules.helpers import EXAMPLE_PATH

UNANNOTATED = "def run(command):\n    print(command)\n"
CLEAN = "def run(command: str) -> None:\n    return None\n"
SELECT_RETURN_ONLY = '[tool.chris-style]\nselect = ["CS202"]\n'
# Generous: a cold run over 40 small files takes a few seconds; a hang must not stall the suite.
CLI_TIMEOUT_SECONDS = 120
SECONDS_PER_DAY = 24 * 60 * 60
# Prints the modules of the parser and of the rules that a `check` run loaded (the run's own output is discarded).
LOADED_MODULES_SCRIPT = """
import contextlib, io, json, sys
from chris_style.cli.app import cli
with contextlib.redirect_stdout(io.StringIO()):
    try:
        cli.main(sys.argv[1:], standalone_mode=False)
    except SystemExit:
        pass
loaded = [name for name in sys.modules if name.split(".")[0] == "libcst" or name.startswith("chris_style.rules")]
print(json.dumps(sorted(loaded)))
"""


def _entries(cache_dir: Path) -> List[Path]:
    """The stored results (the catalog of the rules, stored beside them, left out)."""
    catalog = f"{ResultCache.open(cache_dir).catalog_key()}.json"
    return sorted(entry for entry in cache_dir.glob("*/*/*.json") if entry.name != catalog)


def _check(project: Path, cache_dir: Path, *options: str) -> str:
    result = run_cli("check", str(project), "--output-format", "json", "--cache-dir", str(cache_dir), *options)
    return result.stdout


def _codes(output: str) -> List[str]:
    return [item["code"] for item in json.loads(output)]


def test_WHEN_files_are_unchanged_THEN_the_second_run_reads_the_stored_results(project: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    first = _check(project, cache_dir)
    (entry,) = _entries(cache_dir)
    # The entry stands for the file: what it says is what the next run reports, without linting.
    entry.write_text("[]", encoding="utf-8")
    second = _check(project, cache_dir)
    assert (["CS202", "CS201", "CS405"], []) == (_codes(first), _codes(second))


def test_WHEN_a_file_changes_THEN_it_is_linted_again(project: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    module = project / "module.py"
    module.write_text(CLEAN, encoding="utf-8")
    first = _check(project, cache_dir)
    module.write_text(UNANNOTATED, encoding="utf-8")
    second = _check(project, cache_dir)
    assert ([], ["CS202", "CS201", "CS405"], 2) == (_codes(first), _codes(second), len(_entries(cache_dir)))


def test_WHEN_the_config_changes_THEN_no_result_of_the_old_config_is_served(project: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    first = _check(project, cache_dir)
    (project / "pyproject.toml").write_text(SELECT_RETURN_ONLY, encoding="utf-8")
    second = _check(project, cache_dir)
    assert (["CS202", "CS201", "CS405"], ["CS202"]) == (_codes(first), _codes(second))


def test_WHEN_an_option_changes_the_settings_THEN_no_result_of_other_options_is_served(
    project: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    first = _check(project, cache_dir, "--select", "CS201")
    second = _check(project, cache_dir, "--min-priority", "CRITICAL")
    assert (["CS201"], ["CS202", "CS201"]) == (_codes(first), _codes(second))


def test_WHEN_the_tool_changes_THEN_keys_change(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path)
    path = tmp_path / "module.py"
    keys = []
    for version in ("1.0.0", "1.0.1"):
        with mock.patch.object(cache_module, "__version__", version):
            result_cache = ResultCache.open(tmp_path, REGISTRY)
            keys.append((result_cache.directory.name, result_cache.key(path, b"x = 1\n", settings, Priority.OBSERVED)))
    assert True == (keys[0][0] != keys[1][0] and keys[0][1] != keys[1][1])


def test_WHEN_the_tool_source_changes_THEN_keys_change(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path)
    path = tmp_path / "module.py"
    before = ResultCache.open(tmp_path, REGISTRY).key(path, b"x = 1\n", settings, Priority.OBSERVED)
    with mock.patch.object(cache_module, "_source_fingerprint", return_value="edited"):
        after = ResultCache.open(tmp_path, REGISTRY).key(path, b"x = 1\n", settings, Priority.OBSERVED)
    assert True == (before != after)


def test_WHEN_a_package_is_added_to_the_project_THEN_keys_change(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path)
    path = tmp_path / "module.py"
    result_cache = ResultCache.open(tmp_path / "cache", REGISTRY)
    before = result_cache.key(path, b"import backend\n", settings, Priority.OBSERVED)
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "__init__.py").write_text("", encoding="utf-8")
    after = result_cache.key(path, b"import backend\n", settings, Priority.OBSERVED)
    assert True == (before != after)


def test_WHEN_a_package_is_added_between_runs_THEN_the_next_run_keys_change_and_a_run_reads_the_folders_once(
    tmp_path: Path,
) -> None:
    settings = Settings(root=tmp_path)
    path = tmp_path / "module.py"
    result_cache = ResultCache.open(tmp_path / "cache", REGISTRY)
    first_run = result_cache.for_run()
    before = first_run.key(path, b"import backend\n", settings, Priority.OBSERVED)
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "__init__.py").write_text("", encoding="utf-8")
    with mock.patch.object(cache_module, "_layout", side_effect=AssertionError("folders read again")):
        same_run = first_run.key(path, b"import backend\n", settings, Priority.OBSERVED)
    next_run = result_cache.for_run().key(path, b"import backend\n", settings, Priority.OBSERVED)
    assert (before, True) == (same_run, before != next_run)


def test_WHEN_fix_writes_a_file_THEN_checking_it_next_reads_the_stored_result(project: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    module = project / "module.py"
    module.write_text(UNANNOTATED, encoding="utf-8")
    run_cli("fix", str(project), "--cache-dir", str(cache_dir))
    stored = _entries(cache_dir)
    after_fix = _check(project, cache_dir)
    assert (1, ["CS201", "CS405"], 1) == (len(stored), _codes(after_fix), len(_entries(cache_dir)))


def test_WHEN_no_cache_is_asked_for_THEN_nothing_is_read_or_written(project: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    _check(project, cache_dir)
    (entry,) = _entries(cache_dir)
    entry.write_text("[]", encoding="utf-8")
    uncached = _check(project, cache_dir, "--no-cache")
    assert (["CS202", "CS201", "CS405"], ["[]"]) == (
        _codes(uncached), [found.read_text(encoding="utf-8") for found in _entries(cache_dir)]
    )


def test_WHEN_an_entry_is_unreadable_THEN_the_file_is_linted(project: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    _check(project, cache_dir)
    (entry,) = _entries(cache_dir)
    entry.write_text("[[1, 2", encoding="utf-8")
    assert ["CS202", "CS201", "CS405"] == _codes(_check(project, cache_dir))


def test_WHEN_two_runs_share_a_cold_cache_THEN_both_report_what_an_uncached_run_does(
    project: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    for index in range(40):
        (project / f"module_{index}.py").write_text(UNANNOTATED if index % 2 else CLEAN, encoding="utf-8")
    command = [sys.executable, "-m", "chris_style", "check", str(project), "--output-format", "json"]
    runs = [
        subprocess.Popen([*command, "--cache-dir", str(cache_dir)], stdout=subprocess.PIPE, cwd=REPOSITORY_ROOT)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=CLI_TIMEOUT_SECONDS)[0] for run in runs]
    expected = subprocess.run([*command, "--no-cache"], stdout=subprocess.PIPE, cwd=REPOSITORY_ROOT).stdout
    assert ([expected, expected], 40) == (outputs, len(_entries(cache_dir)))


def test_WHEN_a_rule_crashes_THEN_the_result_is_not_stored(tmp_path: Path) -> None:
    module = tmp_path / EXAMPLE_PATH
    module.write_text(UNANNOTATED, encoding="utf-8")
    result_cache = ResultCache.open(tmp_path / "cache", REGISTRY)
    rule_set = REGISTRY.with_rules(ExplodingRule)
    job = Job(module, EXAMPLE_PATH, Settings(root=tmp_path), rule_set, Priority.OBSERVED, cache=result_cache)
    report = run_job(job)
    assert (1, []) == (len(report.failures), _entries(tmp_path / "cache"))


def test_WHEN_entries_are_stale_or_of_another_version_THEN_pruning_deletes_them(tmp_path: Path) -> None:
    result_cache = ResultCache.open(tmp_path, REGISTRY)
    fresh, stale = result_cache.directory / "aa" / "fresh.json", result_cache.directory / "bb" / "stale.json"
    other_version = tmp_path / "0.0.1-1" / "cc" / "old.json"
    for entry in (fresh, stale, other_version):
        entry.parent.mkdir(parents=True)
        entry.write_text("[]", encoding="utf-8")
    now = time.time()
    old = now - (STALE_AFTER_DAYS + 1) * SECONDS_PER_DAY
    os.utime(stale, (old, old))
    deleted = result_cache.prune(now)
    again = result_cache.prune(now)
    remaining = sorted(path.name for path in tmp_path.glob("*/*/*.json"))
    assert (2, 0, ["fresh.json"], True) == (deleted, again, remaining, (tmp_path / PRUNE_MARKER).is_file())


def _modules_loaded_by_check(project: Path, cache_dir: Path) -> List[str]:
    completed = subprocess.run(
        [sys.executable, "-c", LOADED_MODULES_SCRIPT, "check", str(project), "--cache-dir", str(cache_dir)],
        capture_output=True, cwd=REPOSITORY_ROOT, timeout=CLI_TIMEOUT_SECONDS, check=True,
    )
    return json.loads(completed.stdout)


def test_WHEN_every_file_is_cached_THEN_neither_the_parser_nor_a_rule_is_loaded(project: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    cold = _modules_loaded_by_check(project, cache_dir)
    warm = _modules_loaded_by_check(project, cache_dir)
    assert (True, []) == ("chris_style.rules" in cold, warm)


def test_WHEN_the_stored_catalog_is_unreadable_THEN_the_rules_are_loaded_and_the_report_is_the_same(
    project: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    first = _check(project, cache_dir)
    catalog = ResultCache.open(cache_dir)
    catalog_file = catalog.directory / catalog.catalog_key()[:2] / f"{catalog.catalog_key()}.json"
    catalog_file.write_text("[[1, 2", encoding="utf-8")
    second = _check(project, cache_dir)
    assert (first, True) == (second, catalog_file.read_text(encoding="utf-8").startswith('[["CS'))


def test_WHEN_the_catalog_is_stored_and_read_back_THEN_it_equals_the_rules_own(tmp_path: Path) -> None:
    result_cache = ResultCache.open(tmp_path)
    result_cache.store_catalog(REGISTRY.entries())
    assert list(REGISTRY.entries()) == list(result_cache.load_catalog() or [])


def test_WHEN_a_cold_run_lints_every_example_THEN_libcst_matchers_is_not_imported(tmp_path: Path) -> None:
    """Importing libcst's matchers builds hundreds of classes (about a quarter of a second per process): the
    rules are written without them."""
    # One process (no workers, whose imports this one would not see), every rule, every finding and its fixes.
    completed = subprocess.run(
        [sys.executable, "-c", LOADED_MODULES_SCRIPT, "check", str(REPOSITORY_ROOT / "examples"), "--no-cache",
         "--jobs", "1", "--min-priority", "OBSERVED", "--output-format", "json"],
        capture_output=True, cwd=tmp_path, timeout=CLI_TIMEOUT_SECONDS, check=True,
    )
    loaded = json.loads(completed.stdout)
    assert (True, False) == ("libcst._parser.entrypoints" in loaded, "libcst.matchers" in loaded)
