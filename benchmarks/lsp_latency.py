"""Edit-to-diagnostics latency of chris-style's language server and of Fixit's, on the same real module.

Each server is started as an editor would start it, opens the module, then receives single-character edits
(in a comment, so the code stays valid) one at a time; the latency of an edit is the time from sending
`textDocument/didChange` to receiving `textDocument/publishDiagnostics` for that version. Then it receives
bursts of keystrokes, as a typist sends them; the latency of a burst is the time from its last keystroke to
the diagnostics of that last version. Both servers run with their default settings, debounce included. See
benchmarks/README.md.
"""

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import click
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

DATA_FILE = Path(__file__).resolve().parent / "data" / "click_types.py.txt"
# Where the module sits in the temporary project: its real place in click, so path-based rules see a library.
MODULE_PATH = Path("click") / "types.py"
# Enough edits for a stable 95th percentile without making a slow server take minutes.
DEFAULT_EDITS = 30
# A typist's pause after each result, so that no measured edit falls into the previous one's debounce.
EDIT_PAUSE_SECONDS = 0.3
# Bursts measured per server by default, and their shape: a fluent typist's keystrokes, 80 ms apart.
DEFAULT_BURSTS = 10
BURST_KEYSTROKES = 5
KEYSTROKE_GAP_SECONDS = 0.08
# A server that takes longer than this for one edit is reported as failed rather than waited for.
TIMEOUT_SECONDS = 120.0
PERCENTILE_95 = 0.95


def server_commands() -> Dict[str, List[str]]:
    fixit = shutil.which("fixit", path=str(Path(sys.executable).parent)) or shutil.which("fixit") or "fixit"
    return {
        "chris-style": [sys.executable, "-m", "chris_style", "lsp"],
        "fixit": [fixit, "lsp"],
    }


@dataclass
class Measurement:
    server: str
    lines: int
    first_lint_seconds: float = 0.0
    diagnostics: int = 0
    latencies: List[float] = field(default_factory=list)
    burst_latencies: List[float] = field(default_factory=list)
    error: Optional[str] = None


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Published:
    """Arrival time and diagnostic count of each published version, with a wake-up for waiters."""

    def __init__(self) -> None:
        self.arrivals: Dict[Optional[int], Tuple[float, int]] = {}
        self.changed = asyncio.Event()

    def record(self, params: types.PublishDiagnosticsParams) -> None:
        self.arrivals[params.version] = (time.perf_counter(), len(params.diagnostics))
        self.changed.set()

    async def wait_for(self, version: int) -> Tuple[float, int]:
        while version not in self.arrivals:
            self.changed.clear()
            await self.changed.wait()
        return self.arrivals[version]


def comment_end(lines: Sequence[str]) -> types.Position:
    """The end of the module's first comment line: edits there change no diagnostic."""
    for number, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            return types.Position(line=number, character=len(line))
    raise ValueError("the module has no comment line to edit")


def edit(uri: str, version: int, at: types.Position, insert: bool) -> types.DidChangeTextDocumentParams:
    end = at if insert else types.Position(at.line, at.character + 1)
    return types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(range=types.Range(at, end), text="x" if insert else "")],
    )


async def measure(
    name: str, command: List[str], text: str, project: Path, edits: int, bursts: int
) -> Measurement:
    """Start one server, open the module, and time each edit (then each burst's last keystroke) until its
    version's diagnostics arrive."""
    path = project / MODULE_PATH
    uri = from_fs_path(str(path))
    result = Measurement(name, len(text.splitlines()))
    published = Published()
    client = LanguageClient("lsp-latency", "1.0")
    # pygls registers plain functions only (it sets attributes on them), not bound methods.
    client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(lambda params: published.record(params))
    for method in (types.WINDOW_LOG_MESSAGE, types.WINDOW_SHOW_MESSAGE):
        client.feature(method)(lambda params: None)
    await client.start_io(*command, cwd=str(project))
    try:
        await client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(text_document=types.TextDocumentClientCapabilities(
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True)
            )),
            root_uri=from_fs_path(str(project)),
            workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(project)), name=project.name)],
        ))
        client.initialized(types.InitializedParams())
        started = time.perf_counter()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        ))
        arrived, result.diagnostics = await asyncio.wait_for(published.wait_for(1), TIMEOUT_SECONDS)
        result.first_lint_seconds = arrived - started
        at = comment_end(text.splitlines())
        version = 1
        for _ in range(edits):
            version += 1
            await asyncio.sleep(EDIT_PAUSE_SECONDS)
            sent = time.perf_counter()
            client.text_document_did_change(edit(uri, version, at, insert=version % 2 == 0))
            arrived, _ = await asyncio.wait_for(published.wait_for(version), TIMEOUT_SECONDS)
            result.latencies.append(arrived - sent)
        for _ in range(bursts):
            await asyncio.sleep(EDIT_PAUSE_SECONDS)
            for keystroke in range(BURST_KEYSTROKES):
                if keystroke:
                    await asyncio.sleep(KEYSTROKE_GAP_SECONDS)
                version += 1
                sent = time.perf_counter()
                client.text_document_did_change(edit(uri, version, at, insert=version % 2 == 0))
            arrived, _ = await asyncio.wait_for(published.wait_for(version), TIMEOUT_SECONDS)
            result.burst_latencies.append(arrived - sent)
        await client.shutdown_async(None)
        client.exit(None)
    except (asyncio.TimeoutError, OSError, RuntimeError) as error:
        result.error = f"{type(error).__name__}: {error}"
    finally:
        await client.stop()
    return result


def table(results: Sequence[Measurement]) -> str:
    """The results side by side, one row per server."""
    header = (
        f"{'server':<12} {'lines':>6} {'diagnostics':>12} {'first lint':>11} {'edits':>6} {'p50':>9} {'p95':>9}"
        f" {'max':>9} {'bursts':>7} {'burst p50':>10} {'burst p95':>10}"
    )
    rows = [header, "-" * len(header)]
    for result in results:
        if result.error or not result.latencies:
            rows.append(f"{result.server:<12} failed: {result.error}")
            continue
        bursts = result.burst_latencies or [float("nan")]
        rows.append(
            f"{result.server:<12} {result.lines:>6} {result.diagnostics:>12} {result.first_lint_seconds * 1000:>8.0f} ms"
            f" {len(result.latencies):>6} {statistics.median(result.latencies) * 1000:>6.0f} ms"
            f" {percentile(result.latencies, PERCENTILE_95) * 1000:>6.0f} ms {max(result.latencies) * 1000:>6.0f} ms"
            f" {len(result.burst_latencies):>7} {statistics.median(bursts) * 1000:>7.0f} ms"
            f" {percentile(bursts, PERCENTILE_95) * 1000:>7.0f} ms"
        )
    return "\n".join(rows)


async def run(servers: Sequence[str], edits: int, bursts: int, source: Path) -> List[Measurement]:
    """Measure each server in turn, each in a fresh temporary project holding the module."""
    text = source.read_text(encoding="utf-8")
    commands = server_commands()
    results = []
    for name in servers:
        with tempfile.TemporaryDirectory(prefix="lsp-latency-") as directory:
            project = Path(directory)
            (project / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
            (project / MODULE_PATH).parent.mkdir(parents=True)
            (project / MODULE_PATH).write_text(text, encoding="utf-8")
            results.append(await measure(name, commands[name], text, project, edits, bursts))
    return results


@click.command()
@click.option("--server", "servers", multiple=True, type=click.Choice(["chris-style", "fixit"]),
              default=("chris-style", "fixit"), show_default=True, help="Servers to measure, in this order.")
@click.option("--edits", default=DEFAULT_EDITS, show_default=True, type=click.IntRange(min=1))
@click.option("--bursts", default=DEFAULT_BURSTS, show_default=True, type=click.IntRange(min=0),
              help=f"Bursts of {BURST_KEYSTROKES} keystrokes, {KEYSTROKE_GAP_SECONDS * 1000:.0f} ms apart.")
@click.option("--file", "source", default=DATA_FILE, show_default=True, type=click.Path(exists=True, path_type=Path),
              help="The module to edit (the default is click 8.5.1's types.py).")
def main(servers: Tuple[str, ...], edits: int, bursts: int, source: Path) -> None:
    """Print a side-by-side table of edit-to-diagnostics latency."""
    results = asyncio.run(run(servers, edits, bursts, source))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    click.echo(f"{source.name}: {edits} edits and {bursts} bursts per server; Python {sys.version.split()[0]}, "
               f"{os.cpu_count()} CPUs, load average {load:.1f}")
    click.echo(table(results))
    if any(result.error for result in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
