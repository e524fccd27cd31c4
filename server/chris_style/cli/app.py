"""The `chris-style` command: check, fix, rules, explain, lsp. Front end only: the work is in jobs.py."""

import json
import logging
import sys
from pathlib import Path
from typing import Callable, Dict, List, NoReturn, Optional, Sequence, Tuple

import click

from chris_style import __version__, collector
from chris_style.cli.cache import CACHE_DIR_VARIABLE, ResultCache, default_cache_dir
from chris_style.cli.jobs import (
    FileReport,
    Job,
    count_by_priority,
    default_jobs,
    fixable_count,
    is_failing,
    run_jobs,
    safeties_for,
    unified_diff,
)
from chris_style.cli.reporting import DOCUMENT_FORMATTERS, OUTPUT_FORMATS
from chris_style.cli.reporting.text import format_report_lines, format_statistics, format_summary
from chris_style.config.keys import selectors
from chris_style.config.overrides import Overrides
from chris_style.config.resolver import SettingsResolver
from chris_style.config.settings import ConfigError, Settings
from chris_style.files import collect_files
from chris_style.guide import Priority
from chris_style.rule_docs import rule_markdown
from chris_style.rules import REGISTRY

logger = logging.getLogger(__name__)

# Exit statuses, as documented in README.md (the usual linter convention).
EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_ERROR = 2
STDIN_PATH = "-"
PRIORITY_CHOICE = click.Choice([priority.name for priority in Priority], case_sensitive=False)


def _fail(message: str) -> NoReturn:
    click.echo(f"chris-style: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _split_codes(option: str, values: Sequence[str]) -> Tuple[str, ...]:
    codes = [code.strip() for value in values for code in value.split(",") if code.strip()]
    try:
        return selectors(option, codes, REGISTRY.vocabulary)
    except ValueError as error:
        _fail(str(error))


class FileSettings:
    """Each file's settings: the run's one resolver (defaults < nearest pyproject.toml) with the command line's
    options on top."""

    def __init__(self, select: Tuple[str, ...], ignore: Tuple[str, ...], fail_on: Optional[str]) -> None:
        self.resolver = SettingsResolver(REGISTRY.vocabulary)
        self.overrides = Overrides(select=select, ignore=ignore, fail_on=Priority.parse(fail_on) if fail_on else None)

    def for_path(self, path: Path) -> Settings:
        return self.resolver.settings_for(path, self.overrides)

    def is_excluded(self, path: Path) -> bool:
        return self.for_path(path).is_excluded(path)


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _cache(no_cache: bool, cache_dir: Optional[str]) -> Optional[ResultCache]:
    if no_cache:
        return None
    return ResultCache.open(Path(cache_dir) if cache_dir else default_cache_dir(), REGISTRY)


def _build_jobs(
    paths: Sequence[str],
    resolver: FileSettings,
    min_priority: Priority,
    stdin_filename: Optional[str],
    cache: Optional[ResultCache],
    fix_safeties: Optional[Tuple] = None,
    write: bool = False,
) -> List[Job]:
    jobs: List[Job] = []
    try:
        if STDIN_PATH in paths:
            if len(paths) > 1:
                _fail("`-` (standard input) cannot be combined with other paths")
            path = Path(stdin_filename) if stdin_filename else Path("stdin.py")
            settings = resolver.for_path(path.parent if not path.exists() else path)
            data = sys.stdin.buffer.read()
            display = stdin_filename or STDIN_PATH
            return [Job(path, display, settings, REGISTRY, min_priority, fix_safeties, False, data)]
        for raw in paths:
            if not Path(raw).exists():
                _fail(f"{raw}: no such file or directory")
        for path in collect_files([Path(raw) for raw in paths], resolver.is_excluded):
            settings = resolver.for_path(path)
            job = Job(path, _display_path(path), settings, REGISTRY, min_priority, fix_safeties, write, cache=cache)
            jobs.append(job)
    except ConfigError as error:
        _fail(str(error))
    return jobs


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


def _exit_status(reports: Sequence[FileReport], problems: bool) -> int:
    if problems:
        return EXIT_ERROR
    failing = any(is_failing(violation, report.fail_on) for report in reports for violation in report.violations)
    return EXIT_VIOLATIONS if failing else EXIT_OK


def _selection_options(command: Callable) -> Callable:
    options = [
        click.option("--select", multiple=True, help="Only these codes, priorities or guide sections (comma-separated)."),
        click.option("--ignore", multiple=True, help="Also ignore these codes, priorities or sections."),
        click.option(
            "--min-priority",
            type=PRIORITY_CHOICE,
            default="PREFERRED",
            show_default=True,
            help="Report only diagnostics of this priority or higher.",
        ),
        click.option(
            "--fail-on", type=PRIORITY_CHOICE, help="Override `fail-on`: lowest priority that makes the exit status 1."
        ),
        click.option(
            "--stdin-filename", help="The path of the file read from `-` (for configuration and test-file rules)."
        ),
        click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: CPU count; 1 = none)."),
        click.option("--no-cache", is_flag=True, help="Lint every file, neither reading nor writing the result cache."),
        click.option(
            "--cache-dir",
            help=f"Where results are cached (default: ${CACHE_DIR_VARIABLE}, else the user's cache directory).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chris-style")
@click.option("-v", "--verbose", is_flag=True, help="Log what the tool does on stderr.")
def cli(verbose: bool) -> None:
    """Hold Python code to Chris's style guide."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.ERROR, format="chris-style: %(levelname)s: %(message)s")


@cli.command()
@click.argument("paths", nargs=-1)
@_selection_options
@click.option("--output-format", type=click.Choice(OUTPUT_FORMATS), default="text", show_default=True)
@click.option("--statistics", is_flag=True, help="Show a count per rule instead of each diagnostic.")
def check(
    paths: Tuple[str, ...],
    select: Tuple[str, ...],
    ignore: Tuple[str, ...],
    min_priority: str,
    fail_on: Optional[str],
    stdin_filename: Optional[str],
    jobs: Optional[int],
    no_cache: bool,
    cache_dir: Optional[str],
    output_format: str,
    statistics: bool,
) -> None:
    """Report what breaks the guide in PATHS (default: `.`; `-` reads standard input)."""
    resolver = FileSettings(_split_codes("--select", select), _split_codes("--ignore", ignore), fail_on)
    cache = _cache(no_cache, cache_dir)
    work = _build_jobs(paths or (".",), resolver, Priority.parse(min_priority), stdin_filename, cache)
    stream_text = output_format == "text" and not statistics

    def show(report: FileReport) -> None:
        if stream_text:
            for line in format_report_lines(report):
                click.echo(line)

    reports = run_jobs(work, jobs or default_jobs(), show)
    if cache is not None:
        cache.prune()
    if statistics:
        click.echo(format_statistics(reports))
    if output_format == "text":
        click.echo(format_summary(count_by_priority(reports), fixable_count(reports)))
    else:
        click.echo(DOCUMENT_FORMATTERS[output_format](reports, REGISTRY))
    problems = _report_problems(reports)
    sys.exit(_exit_status(reports, problems))


@cli.command()
@click.argument("paths", nargs=-1)
@_selection_options
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes marked unsafe (suggestions never are).")
@click.option("--diff", is_flag=True, help="Print a unified diff of the fixes and write nothing.")
def fix(
    paths: Tuple[str, ...],
    select: Tuple[str, ...],
    ignore: Tuple[str, ...],
    min_priority: str,
    fail_on: Optional[str],
    stdin_filename: Optional[str],
    jobs: Optional[int],
    no_cache: bool,
    cache_dir: Optional[str],
    unsafe_fixes: bool,
    diff: bool,
) -> None:
    """Apply safe fixes in PATHS (default: `.`; `-` fixes standard input and prints the result)."""
    resolver = FileSettings(_split_codes("--select", select), _split_codes("--ignore", ignore), fail_on)
    from_stdin = STDIN_PATH in paths
    cache = _cache(no_cache, cache_dir)
    work = _build_jobs(
        paths or (".",),
        resolver,
        Priority.parse(min_priority),
        stdin_filename,
        cache,
        fix_safeties=safeties_for(unsafe_fixes),
        write=not diff and not from_stdin,
    )
    reports = run_jobs(work, jobs or default_jobs())
    if cache is not None:
        cache.prune()
    problems = _report_problems(reports)
    if from_stdin and not diff:
        for report in reports:
            click.echo(report.fixed_text if report.fixed_text is not None else report.original_text or "", nl=False)
        sys.exit(EXIT_ERROR if problems else EXIT_OK)
    if diff:
        diffs = [unified_diff(report) for report in reports]
        for text in diffs:
            if text:
                click.echo(text, nl=False)
        sys.exit(EXIT_ERROR if problems else (EXIT_VIOLATIONS if any(diffs) else EXIT_OK))
    applied = sum(report.fixes_applied for report in reports)
    files = sum(1 for report in reports if report.fixes_applied)
    remaining = sum(len(report.violations) for report in reports)
    click.echo(f"Fixed {applied} {'issue' if applied == 1 else 'issues'} in {files} {'file' if files == 1 else 'files'}; "
               f"{remaining} remaining.", err=True)
    sys.exit(_exit_status(reports, problems))


@cli.command()
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(output_format: str) -> None:
    """List every rule: code, name, priority, section, guideline, fixable, summary."""
    if output_format == "json":
        click.echo(json.dumps([_rule_json(rule) for rule in REGISTRY], indent=2, ensure_ascii=False))
        return
    for rule in REGISTRY:
        fixable = f"fix: {rule.fix_safety.value}" if rule.fix_safety else "no fix"
        click.echo(f"{rule.code:<7} {rule.priority.name:<9} {rule.name:<38} {fixable:<16} {rule.summary()}")


def _rule_json(rule: type) -> Dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "priority": rule.priority.name,
        "section": rule.guideline.section.title,
        "guideline": rule.guideline.title,
        "fixable": rule.fix_safety is not None,
        "fix_safety": rule.fix_safety.value if rule.fix_safety else None,
        "files": rule.files.value,
        "summary": rule.summary(),
    }


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the full documentation of rule CODE (e.g. CS202)."""
    rule = REGISTRY.get(code.strip().upper())
    if rule is None:
        _fail(f"unknown rule code {code!r}; `chris-style rules` lists them")
    click.echo(rule_markdown(rule), nl=False)


@cli.command()
@click.option("--tcp", is_flag=True, help="Serve over TCP instead of standard input/output.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=2087, show_default=True, type=int)
def lsp(tcp: bool, host: str, port: int) -> None:
    """Run the language server (standard input/output unless --tcp)."""
    from chris_style.lsp.app import serve

    serve(REGISTRY, tcp=tcp, host=host, port=port)


def main() -> None:
    collector.settle()  # the rules and the parser are loaded (see collector.py)
    cli(prog_name="chris-style")
