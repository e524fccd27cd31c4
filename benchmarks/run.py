"""chris-style's performance next to Fixit's and Ruff's, measured in one run on this machine: one table.

Usage: .venv/bin/python benchmarks/run.py [--file PATH]... [--project DIR]... [--quick] [--skip SECTION]...

It installs the pinned peers (fixit 2.2.1, ruff 0.17.6) into a scratch virtualenv under the temporary directory
unless they are there already, then measures: editor latency per kind of edit on two modules (click's types.py
and a generated dense mock-heavy pytest module), language-server start-up, hover and code-action answers,
whole-project CLI checks cold and warm, and the chris-style server's memory with 100 open modules. It prints the
machine, the date, the commit and one Markdown table. docs/performance.md says what each row means.
"""

import argparse
import asyncio
import compileall
import datetime
import io
import logging
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import cli_cpu
import dense_tests
import editor
import peers

logger = logging.getLogger(__name__)

BENCHMARK_DIR = Path(__file__).resolve().parent
REPOSITORY = BENCHMARK_DIR.parent
CLICK_FILE = BENCHMARK_DIR / "data" / "click_types.py.txt"
# Where each module sits in its temporary project: its real place, so that path-based rules (test files,
# libraries) see what they would see in the real project.
CLICK_PLACE = Path("click") / "types.py"
DENSE_PLACE = Path("tests") / "commands" / "test_fleet_rollout.py"
TOOLS = ("chris-style", "fixit", "ruff")
SECTIONS = ("editor", "startup", "requests", "cli", "memory")
# Defaults sized so the whole run stays under ~15 minutes on 2 cores, Fixit (3 s per edit) being the slow part:
# 12 edits of each kind and 6 bursts per server and file; 10 hovers and code actions; 3 extra start-ups each;
# the 100 open modules of about 1,000 lines.
DEFAULT_ROUNDS = 12
DEFAULT_BURSTS = 6
DEFAULT_REQUESTS = 10
DEFAULT_STARTUPS = 3
DEFAULT_COPIES = 100
MEMORY_MODULE_LINES = 1000
# --quick: enough of everything to see that it works and roughly where the numbers are, in a few minutes.
QUICK = {"rounds": 4, "bursts": 2, "requests": 3, "startups": 1, "copies": 20}
PERCENTILE_95 = 0.95
MEBIBYTE = 1024 * 1024
# Below this a latency is shown with a decimal: "2.4 ms", not "2 ms".
DECIMAL_BELOW_MS = 10
EDIT_ROWS = {
    "character": "edit: one character typed or deleted in a comment",
    "comment line": "edit: a comment line inserted, then removed",
    "code line": "edit: a code line deleted, then restored",
    "burst": f"burst: {editor.BURST_KEYSTROKES} keystrokes {editor.KEYSTROKE_GAP_SECONDS * 1000:.0f} ms apart,"
             " timed from the last",
}


@dataclass
class EditedFile:
    """A module the editor rows edit: its label in the table, where it goes in the project, its text."""

    label: str
    place: Path
    text: str


@dataclass
class Results:
    """Everything one run measured, by tool."""

    sessions: List[editor.EditorResult] = field(default_factory=list)
    startups: Dict[str, List[float]] = field(default_factory=dict)
    answers: Dict[str, editor.RequestResult] = field(default_factory=dict)
    requests_file: str = ""
    cli: List[Tuple[str, int, int, Dict[str, cli_cpu.ToolRuns]]] = field(default_factory=list)
    rss: Optional[editor.MemoryResult] = None
    problems: List[str] = field(default_factory=list)


def parse_arguments(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    """The options, with --quick's or the default counts filled in; a usage error exits 2 with one line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", dest="files", action="append", type=Path, default=[],
                        help="also measure editing this module (repeatable)")
    parser.add_argument("--project", dest="projects", action="append", type=Path, default=[],
                        help="also check this directory in the CLI rows (repeatable)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated, of %(default)s")
    parser.add_argument("--skip", action="append", default=[], choices=SECTIONS, help="leave a section out")
    parser.add_argument("--no-corpus", action="store_true", help="CLI rows for --project directories only")
    parser.add_argument("--quick", action="store_true", help="fewer rounds of everything: " +
                        ", ".join(f"{key} {value}" for key, value in QUICK.items()))
    parser.add_argument("--rounds", type=int, help=f"edits of each kind per server and file (default {DEFAULT_ROUNDS})")
    parser.add_argument("--bursts", type=int, help=f"bursts per server and file (default {DEFAULT_BURSTS})")
    parser.add_argument("--requests", type=int, help=f"hovers and code actions each (default {DEFAULT_REQUESTS})")
    parser.add_argument("--startups", type=int, help=f"extra start-ups per server (default {DEFAULT_STARTUPS})")
    parser.add_argument("--copies", type=int, help=f"modules open at once for the memory rows (default {DEFAULT_COPIES})")
    parser.add_argument("--jobs", type=int, default=2, help="chris-style's parallel CLI row (default %(default)s)")
    parser.add_argument("--peers-venv", type=Path, default=peers.DEFAULT_VENV, help="default %(default)s")
    parser.add_argument("--commit", help="measure chris-style as of this commit (exported with `git archive` into a"
                        " temporary directory) rather than the working tree")
    parser.add_argument("--output", type=Path, help="also write the report (header and table) to this file")
    arguments = parser.parse_args(argv)
    for key, default in (("rounds", DEFAULT_ROUNDS), ("bursts", DEFAULT_BURSTS), ("requests", DEFAULT_REQUESTS),
                         ("startups", DEFAULT_STARTUPS), ("copies", DEFAULT_COPIES)):
        if getattr(arguments, key) is None:
            setattr(arguments, key, QUICK[key] if arguments.quick else default)
        if getattr(arguments, key) < 0:
            parser.error(f"--{key} must be 0 or more")
    arguments.tools = [tool.strip() for tool in arguments.tools.split(",") if tool.strip()]
    unknown = [tool for tool in arguments.tools if tool not in TOOLS]
    if unknown:
        parser.error(f"unknown tool {unknown[0]!r}; choose from {', '.join(TOOLS)}")
    for path in arguments.files:
        if not path.is_file():
            parser.error(f"--file {path}: no such file")
    for path in arguments.projects:
        if not path.is_dir():
            parser.error(f"--project {path}: no such directory")
    return arguments


def edited_files(extra: Sequence[Path]) -> List[EditedFile]:
    """click's types.py, the generated dense test module, then the --file modules."""
    dense = dense_tests.generate()
    files = [
        EditedFile(f"click `types.py` ({count_lines(CLICK_FILE.read_text(encoding='utf-8'))} lines)", CLICK_PLACE,
                   CLICK_FILE.read_text(encoding="utf-8")),
        EditedFile(f"dense mock-heavy tests ({count_lines(dense)} lines, generated)", DENSE_PLACE, dense),
    ]
    for path in extra:
        text = path.read_text(encoding="utf-8")
        is_test = path.name.startswith("test_") or path.name.endswith("_test.py")
        files.append(EditedFile(f"`{path.name}` ({count_lines(text)} lines)",
                                Path("tests") / path.name if is_test else Path(path.name), text))
    return files


def count_lines(text: str) -> int:
    return len(text.splitlines())


def server_commands(found: Optional[peers.Peers]) -> Dict[str, List[str]]:
    commands = {"chris-style": [sys.executable, "-m", "chris_style", "lsp"]}
    if found is not None:
        commands["fixit"] = [str(found.fixit), "lsp"]
        commands["ruff"] = [str(found.ruff), "server"]
    return commands


async def run_editor(arguments: argparse.Namespace, commands: Dict[str, List[str]], files: Sequence[EditedFile],
                     results: Results) -> None:
    """Every tool on every file; the hovers and code actions on the dense module; then the extra start-ups."""
    sections = set(SECTIONS) - set(arguments.skip)
    for edited in files:
        for tool in arguments.tools:
            sys.stderr.write(f"editor: {tool} on {edited.label} ...\n")
            with_requests = "requests" in sections and edited.place == DENSE_PLACE and arguments.requests > 0
            result, requests = await editor.run_file(
                tool, commands[tool], edited.place, edited.text, arguments.rounds if "editor" in sections else 0,
                arguments.bursts if "editor" in sections else 0, arguments.requests if with_requests else 0)
            result.file = edited.label
            results.sessions.append(result)
            if result.startup_seconds is not None:
                results.startups.setdefault(tool, []).append(result.startup_seconds)
            if result.error:
                results.problems.append(f"{tool} on {edited.label}: {result.error}")
            if with_requests and not result.error:
                # None: the server offers neither hovers nor code actions (the table says "not offered").
                results.answers[tool] = requests or editor.RequestResult()
                results.requests_file = edited.label
    if "startup" in sections:
        for tool in arguments.tools:
            for _ in range(arguments.startups):
                seconds, failure = await editor.run_startup(tool, commands[tool])
                if seconds is None:
                    results.problems.append(f"{tool} failed to start: {failure}")
                else:
                    results.startups.setdefault(tool, []).append(seconds)


def run_cli(arguments: argparse.Namespace, found: Optional[peers.Peers], results: Results) -> None:
    """Each tool cold then warm on the corpus (unless --no-corpus) and on every --project directory."""
    directories = [] if arguments.no_corpus else [cli_cpu.ensure_corpus()]
    directories += [path.resolve() for path in arguments.projects]
    for directory in directories:
        files = sum(1 for _ in cli_cpu.python_files(directory))
        lines = cli_cpu.count_lines(directory)
        runs: Dict[str, cli_cpu.ToolRuns] = {}
        if "chris-style" in arguments.tools:
            runs["chris-style"] = cli_cpu.measure(
                "chris-style --jobs 1", directory, lambda cache: cli_cpu.chris_style_command(directory, cache, 1))
            runs["chris-style-jobs"] = cli_cpu.measure(
                f"chris-style --jobs {arguments.jobs}", directory,
                lambda cache: cli_cpu.chris_style_command(directory, cache, arguments.jobs))
        if found is not None and "fixit" in arguments.tools:
            runs["fixit"] = cli_cpu.measure(
                "fixit", directory, lambda cache: cli_cpu.fixit_command(found.fixit, directory))
        if found is not None and "ruff" in arguments.tools:
            runs["ruff"] = cli_cpu.measure(
                "ruff", directory, lambda cache: cli_cpu.ruff_command(found.ruff, directory, cache))
        for tool, tool_runs in runs.items():
            for stage, run in (("cold", tool_runs.cold), ("warm", tool_runs.warm)):
                if run is not None and not run.ok:
                    results.problems.append(f"CLI {tool} {stage} on {directory}: exit status {run.exit_code}")
        results.cli.append((display_path(directory), files, lines, runs))


def display_path(directory: Path) -> str:
    if directory == cli_cpu.CORPUS_DIR:
        return "corpus: " + ", ".join(cli_cpu.CORPUS_PACKAGES)
    return f"`{directory}`"


def milliseconds(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f}" if value < DECIMAL_BELOW_MS else f"{value:,.0f}"


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def spread(values: Sequence[float]) -> str:
    """p50 / p95 / max in ms, and how many samples."""
    if not values:
        return "—"
    return (f"{milliseconds(statistics.median(values))} / {milliseconds(percentile(values, PERCENTILE_95))} / "
            f"{milliseconds(max(values))} ms (n={len(values)})")


def median_max(values: Sequence[float]) -> str:
    if not values:
        return "—"
    return f"{milliseconds(statistics.median(values))} / {milliseconds(max(values))} ms (n={len(values)})"


def resolve_cell(seconds: Dict[str, float]) -> str:
    """The resolves of one answer's actions: p50 and max, and which action took longest."""
    if not seconds:
        return "none to resolve"
    slowest = max(seconds, key=seconds.__getitem__)
    return f"{median_max(list(seconds.values()))}, slowest: {slowest}"


def cli_cell(run: Optional[cli_cpu.Run], lines: int, note: str = "") -> str:
    """CPU s / wall s / lines per CPU-second."""
    if run is None:
        return "—"
    if not run.ok:
        return f"failed (exit {run.exit_code})"
    rate = f"{lines / run.cpu_seconds:,.0f}" if run.cpu_seconds else "∞"
    return f"{run.cpu_seconds:.2f} / {run.wall_seconds:.2f} / {rate}{note}"


def ratio(part: Optional[cli_cpu.Run], whole: Optional[cli_cpu.Run], of: str) -> str:
    """" (0.17 of Fixit)": part's CPU time over whole's, or nothing when either run is missing or failed."""
    comparable = part is not None and whole is not None and part.ok and whole.ok
    if not comparable or not whole.cpu_seconds:
        return ""
    return f" ({part.cpu_seconds / whole.cpu_seconds:.2f} of {of})"


def build_table(arguments: argparse.Namespace, found: Optional[peers.Peers], results: Results) -> List[str]:
    """The Markdown table: one row per measurement, one column per tool."""
    names = {"chris-style": "chris-style", "fixit": f"Fixit {peers.FIXIT_VERSION}", "ruff": f"Ruff {peers.RUFF_VERSION}"}
    tools = list(arguments.tools)
    rows: List[List[str]] = [["measure", "input"] + [names[tool] for tool in tools]]

    def add(measure: str, input_label: str, cells: Dict[str, str]) -> None:
        rows.append([measure, input_label] + [cells.get(tool, "—") for tool in tools])

    by_file: Dict[str, Dict[str, editor.EditorResult]] = {}
    for result in results.sessions:
        by_file.setdefault(result.file, {})[result.server] = result
    for label, per_tool in by_file.items():
        add("open: first diagnostics (count)", label, {
            tool: "failed" if result.first_lint_seconds is None else
            f"{milliseconds(result.first_lint_seconds)} ms ({result.diagnostics})"
            for tool, result in per_tool.items()
        })
        add("start-up and open: spawn to first diagnostics", label, {
            tool: "failed" if result.ready_seconds is None else f"{milliseconds(result.ready_seconds)} ms"
            for tool, result in per_tool.items()
        })
        for kind in editor.EDIT_KINDS:
            if not any(kind in result.latencies or kind in result.notes for result in per_tool.values()):
                continue
            add(EDIT_ROWS[kind] + " (p50 / p95 / max)", label, {
                tool: result.notes.get(kind) or spread(result.latencies.get(kind, [])) + (" *" if result.error else "")
                for tool, result in per_tool.items()
            })
    if results.startups:
        add("start-up: spawn to `initialize` answered (p50 / max)", "an empty project",
            {tool: median_max(values) for tool, values in results.startups.items()})
    if results.answers:
        add("hover answered (p50 / max)", results.requests_file, {
            tool: median_max(request.hover_seconds) + f", {request.hover_answered} with content ({request.hover_at})"
            if request.hover_seconds else "not offered" for tool, request in results.answers.items()
        })
        add("code actions of every kind at a diagnostic answered (p50 / max)", results.requests_file, {
            tool: median_max(request.code_action_seconds) + f", {request.code_actions} actions ({request.actions_at})"
            if request.code_action_seconds else "not offered" for tool, request in results.answers.items()
        })
        add("code action resolved: the slowest (p50 of all / max)", results.requests_file, {
            tool: resolve_cell(request.resolve_seconds) for tool, request in results.answers.items()
        })
        add("code actions, quick fixes only, answered (p50 / max)", results.requests_file, {
            tool: median_max(request.quick_fix_seconds) + f", {request.quick_fixes} actions"
            if request.quick_fix_seconds else "not offered" for tool, request in results.answers.items()
        })
    if results.cli:
        add("CLI: caches results between runs", "", {
            "chris-style": "yes (`--cache-dir`)", "fixit": "no", "ruff": "yes (`--cache-dir`)"})
    for label, files, lines, runs in results.cli:
        where = f"{label} ({files} files, {lines:,} lines)"
        chris, parallel, fixit = runs.get("chris-style"), runs.get("chris-style-jobs"), runs.get("fixit")
        cold = {"chris-style": cli_cell(chris.cold if chris else None, lines,
                                        ratio(chris.cold if chris else None, fixit.cold if fixit else None, "Fixit"))
                + (" `--jobs 1`" if chris else "")}
        warm = {"chris-style": cli_cell(chris.warm if chris else None, lines,
                                        ratio(chris.warm if chris else None, chris.cold if chris else None, "cold"))
                + (" `--jobs 1`" if chris else "")}
        for tool in ("fixit", "ruff"):
            if tool in runs:
                cold[tool] = cli_cell(runs[tool].cold, lines)
                warm[tool] = cli_cell(runs[tool].warm, lines, ratio(runs[tool].warm, runs[tool].cold, "cold"))
        add("CLI cold: CPU s / wall s / lines per CPU-s", where, cold)
        add("CLI warm (unchanged files): CPU s / wall s / lines per CPU-s", where, warm)
        if parallel is not None:
            add(f"CLI cold, chris-style `--jobs {arguments.jobs}`: CPU s / wall s / lines per CPU-s", where,
                {"chris-style": cli_cell(parallel.cold, lines, cpu_per_wall(parallel.cold))})
            add(f"CLI warm, chris-style `--jobs {arguments.jobs}`: CPU s / wall s / lines per CPU-s", where,
                {"chris-style": cli_cell(parallel.warm, lines, cpu_per_wall(parallel.warm))})
    memory = results.rss
    if memory is not None:
        label = f"{memory.documents} × a {memory.lines_each:,}-line module"
        timing = {f"{memory.documents} open": f", all linted in {memory.open_seconds:.1f} s",
                  "edited": f", all re-linted in {memory.edit_seconds:.1f} s"}
        for stage, rss in memory.stages:
            add(f"server RSS: {stage}", label, {"chris-style": f"{rss / MEBIBYTE:,.0f} MiB{timing.get(stage, '')}"})
        busy = memory.busy_requests
        if busy is not None:
            while_linting = f"{label}: the first, while the others lint"
            add("hover answered while other documents lint (p50 / max)", while_linting,
                {"chris-style": median_max(busy.hover_seconds)})
            add("code actions of every kind answered while other documents lint (p50 / max)", while_linting,
                {"chris-style": median_max(busy.code_action_seconds) + f", {busy.code_actions} actions"})
        if memory.busy_edit_seconds:
            add("edit: a comment line inserted, then removed, while other documents lint (p50 / max)",
                f"{label}: the first, while the others lint", {"chris-style": median_max(memory.busy_edit_seconds)})
        if memory.error:
            add("server RSS", label, {"chris-style": f"failed: {memory.error}"})
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return lines


def cpu_per_wall(run: Optional[cli_cpu.Run]) -> str:
    if run is None or not run.ok or not run.wall_seconds:
        return ""
    return f" (CPU/wall {run.cpu_seconds / run.wall_seconds:.2f})"


def describe_machine(found: Optional[peers.Peers], exported: Optional[str]) -> List[str]:
    """Date, commit, Python, CPUs and load: what a reader needs to compare this table with another."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if exported:
        code = f"commit {exported} (exported clean)"
    else:
        dirty = git("status", "--short", "--untracked-files=no")
        changes = len(dirty.splitlines()) if dirty else 0
        code = f"the working tree at commit {git('log', '-1', '--format=%h') or 'unknown'}" + (
            f", {changes} files with uncommitted changes" if changes else "")
    lines = [
        f"date: {now}; chris-style: {code}",
        f"machine: {os.cpu_count()} CPUs, load average {load} (1, 5, 15 min) at the start; "
        f"Python {sys.version.split()[0]}",
    ]
    if found is not None:
        versions = ", ".join(f"{name} {version}" for name, version in found.versions.items())
        lines.append(f"peers: {found.venv} ({versions})")
    return lines


def git(*arguments: str) -> str:
    try:
        completed = subprocess.run(["git", "-C", str(REPOSITORY), *arguments], capture_output=True, text=True,
                                   check=False)
    except OSError:
        return ""
    return completed.stdout.strip() if completed.returncode == 0 else ""


def byte_compile(directory: Path) -> None:
    """Compile the measured code to bytecode, as `pip install` does for the peers: without it every process
    compiles each module it imports, on every run, wherever Python may not write bytecode itself (a read-only
    tree, PYTHONDONTWRITEBYTECODE), which cost a cold check of aws-aio 0.6-0.7 of its 4.5 CPU-seconds."""
    compileall.compile_dir(str(directory), quiet=1)


def export_commit(commit: str, directory: Path) -> Optional[str]:
    """Write `server/` as of `commit` into `directory` and put it first on every child's PYTHONPATH (ahead of
    the editable install's path), so that every chris-style process runs that code; its short hash, or None."""
    short = git("rev-parse", "--short", "--verify", f"{commit}^{{commit}}")
    if not short:
        return None
    archive = subprocess.run(["git", "-C", str(REPOSITORY), "archive", short, "server"], capture_output=True,
                             check=False)
    if archive.returncode:
        return None
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(directory, filter="data")
    byte_compile(directory / "server")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(directory / "server"), os.environ.get("PYTHONPATH")]))
    return short


def measure_all(arguments: argparse.Namespace, found: Optional[peers.Peers]) -> Results:
    """Every section the options leave in, one after the other (never two tools at once)."""
    results = Results()
    sections = set(SECTIONS) - set(arguments.skip)
    commands = server_commands(found)
    if sections & {"editor", "startup", "requests"}:
        asyncio.run(run_editor(arguments, commands, edited_files(arguments.files), results))
    if "cli" in sections:
        sys.stderr.write("CLI ...\n")
        run_cli(arguments, found, results)
    if "memory" in sections and "chris-style" in arguments.tools and arguments.copies:
        sys.stderr.write(f"memory: chris-style with {arguments.copies} open modules ...\n")
        results.rss = asyncio.run(editor.run_memory(
            "chris-style", commands["chris-style"], dense_tests.generate(MEMORY_MODULE_LINES), arguments.copies))
        if results.rss.error:
            results.problems.append(f"memory: {results.rss.error}")
    return results


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Measure what the options ask for and print the report; 1 if anything failed, 2 if it could not start."""
    arguments = parse_arguments(argv)
    started = time.perf_counter()
    found = None
    if any(tool != "chris-style" for tool in arguments.tools):
        try:
            found = peers.ensure_peers(arguments.peers_venv)
        except peers.PeerSetupError as error:
            sys.stderr.write(f"error: {error}\n")
            return 2
    with tempfile.TemporaryDirectory(prefix="chris-style-benchmark-source-") as source:
        exported = None
        if arguments.commit:
            exported = export_commit(arguments.commit, Path(source))
            if exported is None:
                sys.stderr.write(f"error: --commit {arguments.commit}: not a commit of {REPOSITORY}\n")
                return 2
        if exported is None:
            byte_compile(REPOSITORY / "server")
        header = describe_machine(found, exported)
        results = measure_all(arguments, found)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    header.append(f"run: {time.perf_counter() - started:.0f} s; load average at the end {load}; "
                  f"{arguments.rounds} edits of each kind and {arguments.bursts} bursts per server and file")
    report = header + [""] + build_table(arguments, found, results)
    if results.problems:
        report += ["", "problems (* in the table: that session stopped early):"]
        report += [f"- {problem}" for problem in results.problems]
    text = "\n".join(report) + "\n"
    sys.stdout.write(text)
    if arguments.output is not None:
        arguments.output.write_text(text, encoding="utf-8")
    return 1 if results.problems else 0


if __name__ == "__main__":
    sys.exit(main())
