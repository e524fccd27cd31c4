"""The `chris-style` command: check, fix, suppress, deviations, rules, explain, lsp. Front end only: the work is in
jobs.py, what a run selects in selection.py, each output in its own module (reporting/, summary.py,
show_fixes.py, diff.py), and adopting the guide in baseline.py, diff_from.py, suppress.py and deviations.py.

Nothing here loads the rules or the parser: `check` and `fix` read the rules' catalog (rule_loading.py) and
load the rules only when a file has to be linted, so a run over unchanged files costs little more than
Python's start-up; the other commands load what they use when they run.
"""

import functools
import json
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, List, NoReturn, Optional, Sequence, Tuple, Type

import click

from chris_style import __version__, collector
from chris_style.adoption.baseline import BaselineError
from chris_style.adoption.changed_lines import GitError
from chris_style.cli.baseline import BaselineOptions, BaselineRun
from chris_style.cli.cache import CACHE_DIR_VARIABLE, ResultCache, default_cache_dir
from chris_style.cli.diff import patch
from chris_style.cli.diff_from import ChangedLinesFilter
from chris_style.cli.jobs import FileReport, Job, default_jobs, is_failing, run_jobs, safeties_for
from chris_style.cli.reporting import DOCUMENT_FORMATTERS, OUTPUT_FORMATS, RULE_DOCUMENTING_FORMATS
from chris_style.cli.reporting.text import format_report_lines, format_statistics, format_violation
from chris_style.cli.rule_loading import product_catalog, product_rules
from chris_style.cli.selection import (
    DEFAULT_MIN_PRIORITY,
    FileSettings,
    Selection,
    hidden_selection_warnings,
    parse_selectors,
)
from chris_style.cli.show_fixes import applied_fixes_listing, available_fixes_listing
from chris_style.cli.summary import check_summary, diff_summary, fix_summary
from chris_style.cli.verbosity import Verbosity, configure_logging, file_line, run_line
from chris_style.config.keys import FAIL_NEVER, selector_forms
from chris_style.config.settings import ConfigError, Settings
from chris_style.files import collect_files
from chris_style.guide import Priority, Section
from chris_style.linting.catalog import RuleCatalog
from chris_style.linting.findings import FixSafety

if TYPE_CHECKING:
    from chris_style.linting.registry import RuleSet
    from chris_style.linting.rule import Rule

logger = logging.getLogger(__name__)

# Exit statuses, as documented in docs/cli.md (the usual linter convention).
EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_ERROR = 2
STDIN_PATH = "-"
PRIORITY_CHOICE = click.Choice([priority.name for priority in Priority], case_sensitive=False)
FAIL_ON_CHOICE = click.Choice([*(priority.name for priority in Priority), FAIL_NEVER], case_sensitive=False)
SECTION_NAMES = ", ".join(section.key for section in Section)
# Shown under `chris-style --help`: what `--select`/`--ignore` accept, the guide's sections by name.
SELECTORS_EPILOG = (
    f"Selectors (--select, --extend-select, --ignore, select/ignore in pyproject.toml): "
    f"{selector_forms()}. `chris-style rules` lists every rule with its section."
)
# The formats of `deviations` (cli/deviations.py writes them; it loads the engine, so only when the command runs).
AUDIT_FORMATS = ("text", "json", "markdown")

# The options `check`, `fix` and `suppress` select rules with; `--jobs` of every command that runs them.
SELECTION_OPTIONS = [
    click.option(
        "--select",
        multiple=True,
        help=f"Only these rules (comma-separated selectors; replaces `select`). Sections: {SECTION_NAMES}.",
    ),
    click.option("--extend-select", multiple=True, help="Also these rules, on top of the selection in force."),
    click.option("--ignore", multiple=True, help="Also leave out these rules (adds to `ignore`)."),
    click.option(
        "--min-priority",
        type=PRIORITY_CHOICE,
        help=f"Report only rules of this priority or higher. Not given: {DEFAULT_MIN_PRIORITY.name} for the "
        "rules only `ALL` selects (a rule selected explicitly is always reported); given: every rule.",
    ),
]
JOBS_OPTION = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: CPU count; 1 = none)."
)


@dataclass
class RunOptions:
    """What `check` and `fix` share: the paths, the selection, and how the run works and speaks."""

    paths: Tuple[str, ...]
    selection: Selection
    # The catalog of the rules (the rules themselves are loaded only for a file that has to be linted).
    rules: RuleCatalog
    stdin_filename: Optional[str]
    processes: int
    cache: Optional[ResultCache]
    verbosity: Verbosity
    show_fixes: bool
    exit_zero: bool


def _fail(message: str) -> NoReturn:
    click.echo(f"chris-style: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


# The selection options as given: --select, --extend-select, --ignore, --min-priority and --fail-on.
SelectionArguments = Tuple[Sequence[str], Sequence[str], Sequence[str], Optional[str], Optional[str]]


def _selection(arguments: SelectionArguments, rules: RuleCatalog) -> Selection:
    select, extend_select, ignore, min_priority, fail_on = arguments
    try:
        return Selection(
            select=parse_selectors("--select", select, rules),
            extend_select=parse_selectors("--extend-select", extend_select, rules),
            ignore=parse_selectors("--ignore", ignore, rules),
            min_priority=Priority.parse(min_priority) if min_priority else None,
            fail_on=Priority.parse(fail_on) if fail_on and fail_on.lower() != FAIL_NEVER else None,
            fail_never=bool(fail_on) and fail_on.lower() == FAIL_NEVER,
        )
    except ValueError as error:
        _fail(str(error))


def _cache(no_cache: bool, cache_dir: Optional[str]) -> Optional[ResultCache]:
    if no_cache:
        return None
    return ResultCache.open(Path(cache_dir) if cache_dir else default_cache_dir())


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _build_jobs(
    options: RunOptions,
    file_settings: FileSettings,
    fix_safeties: Optional[Tuple[FixSafety, ...]] = None,
    write: bool = False,
    rule_set: Optional["RuleSet"] = None,
) -> List[Job]:
    """One job per file; `rule_set` None: the product's rules, loaded only if a file has to be linted."""
    floor = options.selection.engine_floor
    paths = options.paths
    cache = options.cache.for_run() if options.cache is not None else None
    jobs: List[Job] = []
    try:
        if STDIN_PATH in paths:
            if len(paths) > 1:
                _fail("`-` (standard input) cannot be combined with other paths")
            path = Path(options.stdin_filename) if options.stdin_filename else Path("stdin.py")
            settings = file_settings.for_path(path.parent if not path.exists() else path)
            data = sys.stdin.buffer.read()
            display = options.stdin_filename or STDIN_PATH
            return [Job(path, display, settings, rule_set, floor, fix_safeties, False, data)]
        for raw in paths:
            if not Path(raw).exists():
                _fail(f"{raw}: no such file or directory")
        for path in collect_files([Path(raw) for raw in paths], file_settings.is_excluded):
            settings = file_settings.for_path(path)
            display = _display_path(path)
            jobs.append(Job(path, display, settings, rule_set, floor, fix_safeties, write, cache=cache))
    except ConfigError as error:
        _fail(str(error))
    return jobs


def _say(options: RunOptions, line: str) -> None:
    """A note on standard error (warnings, closing counts of `fix`): not with `--quiet`."""
    if options.verbosity > Verbosity.QUIET:
        click.echo(line, err=True)


def _run(
    options: RunOptions,
    file_settings: FileSettings,
    on_report: Callable[[FileReport], None] = lambda report: None,
    fix_safeties: Optional[Tuple[FixSafety, ...]] = None,
    write: bool = False,
) -> List[FileReport]:
    """Build the jobs, warn about selections a given `--min-priority` hides, run them, and say what happened with
    `--verbose`."""
    started = time.perf_counter()
    work = _build_jobs(options, file_settings, fix_safeties, write)
    file_settings_used = {job.settings for job in work}
    for warning in hidden_selection_warnings(file_settings_used, options.selection.min_priority, options.rules):
        _say(options, f"chris-style: warning: {warning}")
    reports = run_jobs(work, options.processes, on_report)
    if options.cache is not None:
        options.cache.prune()
    if options.verbosity >= Verbosity.VERBOSE:
        for report in reports:
            click.echo(file_line(report), err=True)
        click.echo(run_line(reports, time.perf_counter() - started), err=True)
    return reports


def _report_problems(reports: Sequence[FileReport]) -> bool:
    """Print unreadable files and crashed rules on stderr, one line each; True when there were any."""
    problems = False
    for report in reports:
        if report.error:
            click.echo(f"chris-style: error: {report.display_path}: {report.error}", err=True)
            problems = True
        for failure in report.failures:
            click.echo(
                f"chris-style: internal error: rule {failure.code} failed on {report.display_path}: {failure.error}"
                " (other rules' findings are reported; please file a bug)",
                err=True,
            )
            problems = True
        if report.fix_error:
            click.echo(f"chris-style: warning: {report.display_path}: {report.fix_error}", err=True)
    return problems


def _exit_status(reports: Sequence[FileReport], problems: bool, exit_zero: bool) -> int:
    if problems:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    failing = any(is_failing(violation, report.fail_on) for report in reports for violation in report.violations)
    return EXIT_VIOLATIONS if failing else EXIT_OK


def _apply_options(command: Callable, options: Sequence[Callable]) -> Callable:
    for option in reversed(options):
        command = option(command)
    return command


def _run_options(command: Callable) -> Callable:
    """The options `check` and `fix` share."""
    options = [
        *SELECTION_OPTIONS,
        click.option(
            "--fail-on",
            type=FAIL_ON_CHOICE,
            help="Override `fail-on`: lowest priority that makes the exit status 1 (`never`: none does).",
        ),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain (2 still means an error)."),
        click.option(
            "--show-fixes", is_flag=True, help="List the fixes applied (fix) or available (check), per file and code."
        ),
        click.option(
            "--stdin-filename", help="The path of the file read from `-` (for configuration and test-file rules)."
        ),
        JOBS_OPTION,
        click.option("--no-cache", is_flag=True, help="Lint every file, neither reading nor writing the result cache."),
        click.option(
            "--cache-dir",
            help=f"Where results are cached (default: ${CACHE_DIR_VARIABLE}, else the user's cache directory).",
        ),
        click.option(
            "-v", "--verbose", is_flag=True, help="Also say which config file each file used, cache hits and timing."
        ),
        click.option("-q", "--quiet", is_flag=True, help="Print findings and errors only: no counts, no warnings."),
    ]
    return _apply_options(command, options)


def _run_options_of(
    paths: Tuple[str, ...],
    selection: SelectionArguments,
    stdin_filename: Optional[str],
    jobs: Optional[int],
    no_cache: bool,
    cache_dir: Optional[str],
    verbose: bool,
    quiet: bool,
    show_fixes: bool,
    exit_zero: bool,
) -> RunOptions:
    verbosity = Verbosity.of(verbose, quiet)
    configure_logging(verbosity >= Verbosity.VERBOSE)
    cache = _cache(no_cache, cache_dir)
    rules = product_catalog(cache)
    return RunOptions(
        paths or (".",), _selection(selection, rules), rules, stdin_filename, jobs or default_jobs(), cache, verbosity,
        show_fixes, exit_zero,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=SELECTORS_EPILOG)
@click.version_option(__version__, prog_name="chris-style")
@click.option("-v", "--verbose", is_flag=True, help="Log what the tool does on stderr (also accepted after a command).")
def cli(verbose: bool) -> None:
    """Hold Python code to Chris's style guide."""
    configure_logging(verbose)


@cli.command(short_help="Report what breaks the guide in PATHS.")
@click.argument("paths", nargs=-1)
@_run_options
@click.option(
    "--output-format",
    type=click.Choice(OUTPUT_FORMATS),
    default="text",
    show_default=True,
    help="text for people; json and json-lines for scripts; sarif, github, gitlab, junit, rdjson and pylint for CI "
    "and code review; grouped: findings under their file.",
)
@click.option("--statistics", is_flag=True, help="Show a count per rule instead of each diagnostic.")
@click.option("--watch", "-w", is_flag=True, help="Check again whenever a file under PATHS changes (Ctrl-C stops).")
@click.option(
    "--write-baseline",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[FILE]",
    help="Record every current finding in the baseline (FILE, a `.json`; default: the `baseline` setting, else "
    "`.chris-style-baseline.json` beside pyproject.toml) and report nothing; `check` then reports only new ones.",
)
@click.option("--baseline", "baseline_file", metavar="FILE", help="Use this baseline file instead of the configured one.")
@click.option("--no-baseline", is_flag=True, help="Report the findings the baseline records too.")
@click.option(
    "--diff-from",
    metavar="REV",
    help="Report only findings on lines changed since the git revision REV (from where this branch left it).",
)
def check(
    paths: Tuple[str, ...],
    select: Tuple[str, ...],
    extend_select: Tuple[str, ...],
    ignore: Tuple[str, ...],
    min_priority: Optional[str],
    fail_on: Optional[str],
    exit_zero: bool,
    show_fixes: bool,
    stdin_filename: Optional[str],
    jobs: Optional[int],
    no_cache: bool,
    cache_dir: Optional[str],
    verbose: bool,
    quiet: bool,
    output_format: str,
    statistics: bool,
    watch: bool,
    write_baseline: Optional[str],
    baseline_file: Optional[str],
    no_baseline: bool,
    diff_from: Optional[str],
) -> None:
    """Report what breaks the guide in PATHS (default: `.`; `-` reads standard input)."""
    baseline_options = BaselineOptions(baseline_file, no_baseline, write_baseline)
    if baseline_options.writing and min_priority is None:
        min_priority = Priority.OBSERVED.name  # a baseline records every priority: the editor shows them all
    options = _run_options_of(
        paths, (select, extend_select, ignore, min_priority, fail_on), stdin_filename, jobs, no_cache, cache_dir,
        verbose, quiet, show_fixes, exit_zero,
    )
    selection = options.selection
    file_settings = FileSettings(selection, options.rules)
    if watch and STDIN_PATH in options.paths:
        _fail("--watch cannot read standard input")
    try:
        baseline_options.validate(watch, diff_from, STDIN_PATH in options.paths)
    except BaselineError as error:
        _fail(str(error))

    def check_once() -> int:
        changed = _changed_lines(diff_from)
        baseline = BaselineRun(
            baseline_options, functools.partial(_settings_for, file_settings), options.rules, selection.engine_floor
        )
        return _check_once(options, file_settings, output_format, statistics, baseline, changed)

    if not watch:
        sys.exit(check_once())
    from chris_style.cli.watch import watch as watch_paths

    watch_paths(
        [Path(path) for path in options.paths],
        check_once,
        file_settings.clear,
        lambda line: click.echo(f"chris-style: {line}", err=True),
    )
    sys.exit(EXIT_OK)


def _changed_lines(diff_from: Optional[str]) -> Optional[ChangedLinesFilter]:
    if diff_from is None:
        return None
    try:
        return ChangedLinesFilter.since(diff_from, Path.cwd())
    except GitError as error:
        _fail(f"--diff-from: {error}")


def _settings_for(file_settings: FileSettings, path: Path) -> Settings:
    """A file's settings, as _build_jobs finds them (a standard-input path need not exist)."""
    return file_settings.for_path(path if path.exists() else path.parent)


def _check_once(
    options: RunOptions,
    file_settings: FileSettings,
    output_format: str,
    statistics: bool,
    baseline: BaselineRun,
    changed: Optional[ChangedLinesFilter],
) -> int:
    writing = baseline.options.writing
    stream_text = output_format == "text" and not statistics and not writing

    def show(report: FileReport) -> None:
        try:
            baseline.apply(report)
        except BaselineError as error:
            _fail(str(error))
        if changed is not None:
            changed.apply(report)
        if stream_text:
            for line in format_report_lines(report):
                click.echo(line)

    reports = _run(options, file_settings, show)
    baseline.finish()
    if writing:
        return _write_baseline(options, baseline, reports)
    notes = baseline.summary_note() + (changed.summary_note() if changed is not None else "")
    if statistics:
        counts = format_statistics(reports)
        if counts or not baseline.in_use:
            click.echo(counts)
        for line in baseline.statistics_lines():
            click.echo(line)
    if output_format == "text":
        if options.show_fixes:
            click.echo(available_fixes_listing(reports))
        if options.verbosity > Verbosity.QUIET:
            click.echo(check_summary(reports) + notes)
    else:
        rules = product_rules() if output_format in RULE_DOCUMENTING_FORMATS else options.rules
        click.echo(DOCUMENT_FORMATTERS[output_format](reports, rules))
    problems = _report_problems(reports)
    return _exit_status(reports, problems, options.exit_zero)


def _write_baseline(options: RunOptions, baseline: BaselineRun, reports: Sequence[FileReport]) -> int:
    """`--write-baseline`: write the file, say what changed in it; exit 2 when a file could not be checked."""
    problems = _report_problems(reports)
    try:
        lines = baseline.write()
    except BaselineError as error:
        _fail(str(error))
    for line in lines or ["No file was checked: no baseline written."]:
        _say(options, line)
    return EXIT_ERROR if problems else EXIT_OK


@cli.command(short_help="Apply safe fixes in PATHS (--diff shows them).")
@click.argument("paths", nargs=-1)
@_run_options
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes marked unsafe (suggestions never are).")
@click.option(
    "--diff", is_flag=True, help="Print a patch of the fixes (for `git apply` or `patch -p1`) and write nothing."
)
def fix(
    paths: Tuple[str, ...],
    select: Tuple[str, ...],
    extend_select: Tuple[str, ...],
    ignore: Tuple[str, ...],
    min_priority: Optional[str],
    fail_on: Optional[str],
    exit_zero: bool,
    show_fixes: bool,
    stdin_filename: Optional[str],
    jobs: Optional[int],
    no_cache: bool,
    cache_dir: Optional[str],
    verbose: bool,
    quiet: bool,
    unsafe_fixes: bool,
    diff: bool,
) -> None:
    """Apply safe fixes in PATHS (default: `.`; `-` fixes standard input and prints the result)."""
    options = _run_options_of(
        paths, (select, extend_select, ignore, min_priority, fail_on), stdin_filename, jobs, no_cache, cache_dir,
        verbose, quiet, show_fixes, exit_zero,
    )
    from_stdin = STDIN_PATH in options.paths
    file_settings = FileSettings(options.selection, options.rules)
    write = not diff and not from_stdin
    reports = _run(options, file_settings, fix_safeties=safeties_for(unsafe_fixes), write=write)
    problems = _report_problems(reports)
    if show_fixes:
        _say(options, applied_fixes_listing(reports, options.rules, would=not write))
    if from_stdin and not diff:
        output, unencodable = _fixed_bytes(reports[0], reports[0].stdin_data or b"")
        sys.stdout.buffer.write(output)
        sys.stdout.flush()
        if unencodable:
            click.echo(f"chris-style: error: {STDIN_PATH}: {unencodable}; the input is given back unchanged", err=True)
        sys.exit(EXIT_ERROR if problems or unencodable else EXIT_OK)
    if diff:
        text = patch(reports)
        click.echo(text, nl=False)
        _say(options, diff_summary(reports, unsafe_fixes))
        changes = EXIT_VIOLATIONS if text and not exit_zero else EXIT_OK
        sys.exit(EXIT_ERROR if problems else changes)
    _say(options, fix_summary(reports, unsafe_fixes))
    sys.exit(_exit_status(reports, problems, exit_zero))


def _fixed_bytes(report: FileReport, data: bytes) -> Tuple[bytes, Optional[str]]:
    """What `fix -` prints: the fixed text in the input's own encoding, or the input itself when it could not be
    read or the fix cannot be written in its encoding (then also why)."""
    if report.fixed_text is None:
        return data, None
    try:
        return report.fixed_text.encode(report.encoding), None
    except UnicodeEncodeError as error:
        return data, f"the fixed text cannot be written in the input's encoding ({report.encoding}): {error.reason}"


@cli.command(short_help="Write a # noqa (or a deviation) for every finding in PATHS.")
@click.argument("paths", nargs=-1)
@functools.partial(_apply_options, options=SELECTION_OPTIONS)
@click.option("--reason", help="Why: written after each `# noqa` (optional), or as each deviation's `# Reason:`.")
@click.option(
    "--deviation",
    is_flag=True,
    help="Write the guide's `# DEVIATION(CODES): …` / `# Reason: …` block above each statement instead "
    "(--reason required).",
)
@JOBS_OPTION
@click.option("-q", "--quiet", is_flag=True, help="Print the findings left and errors only: no closing count.")
def suppress(
    paths: Tuple[str, ...],
    select: Tuple[str, ...],
    extend_select: Tuple[str, ...],
    ignore: Tuple[str, ...],
    min_priority: Optional[str],
    reason: Optional[str],
    deviation: bool,
    jobs: Optional[int],
    quiet: bool,
) -> None:
    """Suppress every current finding in PATHS (default: `.`) with a comment, changing nothing else: a
    `# noqa: CODES` at the end of its line (merged into an existing one), or with --deviation the guide's
    deviation block above its statement. Running it again changes nothing."""
    from chris_style.adoption.suppress import Suppression
    from chris_style.cli.suppress import SuppressedFile, suppress_files, suppress_summary

    how = Suppression(deviation, " ".join((reason or "").split()))
    if deviation and not how.reason:
        _fail("--deviation needs --reason: the guide asks for the reason of every deviation")
    if STDIN_PATH in paths:
        _fail("suppress writes the files it suppresses in: it cannot read standard input")
    options = _run_options_of(
        paths, (select, extend_select, ignore, min_priority, None), None, jobs, True, None, False, quiet, False, False
    )
    work = _build_jobs(options, FileSettings(options.selection, options.rules), rule_set=product_rules())

    def show(result: SuppressedFile) -> None:
        for violation in result.left:
            click.echo(format_violation(result.display_path, violation))
        if result.error:
            click.echo(f"chris-style: error: {result.display_path}: {result.error}", err=True)

    results = suppress_files(work, how, options.processes, show)
    _say(options, suppress_summary(results, how))
    if any(result.error for result in results):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_VIOLATIONS if any(result.left for result in results) else EXIT_OK)


@cli.command(short_help="Audit every # noqa and # DEVIATION in PATHS.")
@click.argument("paths", nargs=-1)
@click.option(
    "--output-format",
    type=click.Choice(AUDIT_FORMATS),
    default="text",
    show_default=True,
    help="text for people; json for scripts; markdown for a pull request or a review page.",
)
@JOBS_OPTION
def deviations(paths: Tuple[str, ...], output_format: str, jobs: Optional[int]) -> None:
    """List every `# noqa`, `# DEVIATION` and `# chris-style: ignore-file` in PATHS (default: `.`) with the codes
    it names, its reason, where it is and whether it still silences anything (every rule the configuration
    selects is run, whatever its priority), then a summary by code and by priority."""
    from chris_style.cli.deviations import AUDIT_FORMATTERS, audit_files

    if STDIN_PATH in paths:
        _fail("deviations reads files: give paths, not `-`")
    selection = ((), (), (), Priority.OBSERVED.name, None)
    options = _run_options_of(paths, selection, None, jobs, True, None, False, False, False, False)
    rule_set = product_rules()
    work = _build_jobs(options, FileSettings(options.selection, rule_set), rule_set=rule_set)
    audits = audit_files(work, options.processes)
    click.echo(AUDIT_FORMATTERS[output_format](audits, rule_set).rstrip("\n"))
    unreadable = [audit for audit in audits if audit.error]
    for audit in unreadable:
        click.echo(f"chris-style: error: {audit.display_path}: {audit.error}", err=True)
    sys.exit(EXIT_ERROR if unreadable else EXIT_OK)


@cli.command(short_help="List every rule.")
@click.option(
    "--output-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: aligned columns under a header; json: a list of objects, one per rule.",
)
def rules(output_format: str) -> None:
    """List every rule: code, priority, section (the name `--select` takes), fix, name and guideline; the JSON
    output adds the summary and which files the rule runs on."""
    rule_set = product_rules()
    if output_format == "json":
        click.echo(json.dumps([_rule_json(rule) for rule in rule_set], indent=2, ensure_ascii=False))
        return
    click.echo(_rule_row("CODE", "PRIORITY", "SECTION", "FIX", "NAME", "GUIDELINE"))
    for rule in rule_set:
        fix_name = rule.fix_safety.value if rule.fix_safety else "-"
        section = rule.guideline.section.key
        click.echo(_rule_row(rule.code, rule.priority.name, section, fix_name, rule.name, rule.guideline.title))


def _rule_row(code: str, priority: str, section: str, fix_name: str, name: str, guideline: str) -> str:
    return f"{code:<7} {priority:<9} {section:<13} {fix_name:<10} {name:<38} {guideline}".rstrip()


def _rule_json(rule: Type["Rule"]) -> Dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "priority": rule.priority.name,
        "section": rule.guideline.section.title,
        "section_key": rule.guideline.section.key,
        "guideline": rule.guideline.title,
        "fixable": rule.fix_safety is not None,
        "fix_safety": rule.fix_safety.value if rule.fix_safety else None,
        "files": rule.files.value,
        "summary": rule.summary(),
    }


@cli.command(short_help="Print a rule's documentation.")
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the full documentation of RULE, given by its code (CS202) or its name (missing-return-annotation)."""
    from chris_style.rule_docs import rule_markdown

    rule_set = product_rules()
    found = rule_set.get(rule.strip().upper()) or rule_set.get(rule_set.vocabulary.code_named(rule) or "")
    if found is None:
        _fail(f"unknown rule {rule!r}; `chris-style rules` lists them")
    click.echo(rule_markdown(found), nl=False)


@cli.command(short_help="Run the language server.")
@click.option("--tcp", is_flag=True, help="Serve over TCP instead of standard input/output.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on with --tcp.")
@click.option("--port", default=2087, show_default=True, type=int, help="The port to listen on with --tcp.")
def lsp(tcp: bool, host: str, port: int) -> None:
    """Run the language server (standard input/output unless --tcp)."""
    from chris_style.lsp.app import serve

    serve(product_rules(), tcp=tcp, host=host, port=port)


def main() -> None:
    collector.settle()  # the command line is loaded; the rules, when they load, are frozen too (rule_loading.py)
    cli(prog_name="chris-style")
