"""The command-line reference of docs/cli.md, generated from click's own definitions of the commands (their usage,
help and options, as `--help` prints them) and from the output formats' table, so the page and the tool never
disagree. docs_site.py writes it into the page's generated block; a test fails when it drifts."""

import logging
from typing import List, Tuple

import click

from chris_style.cli.app import cli
from chris_style.cli.reporting import FORMAT_DESCRIPTIONS

logger = logging.getLogger(__name__)

# The commands in the order a user meets them.
COMMAND_ORDER = ("check", "fix", "rules", "explain", "lsp")
PROGRAM = "chris-style"


def _context(command: click.Command, parent: click.Context) -> click.Context:
    return click.Context(command, info_name=command.name, parent=parent)


def _options(command: click.Command, context: click.Context) -> List[Tuple[str, str]]:
    """(names with metavar, help with click's `[default: …]`) of every option, as `--help` shows them."""
    records = []
    for parameter in command.get_params(context):
        record = parameter.get_help_record(context) if isinstance(parameter, click.Option) else None
        if record is not None:
            records.append(record)
    return records


def _command_markdown(name: str, root: click.Context) -> List[str]:
    command = cli.commands[name]
    context = _context(command, root)
    usage = " ".join(command.collect_usage_pieces(context))
    lines = [f"### `{PROGRAM} {name}`", "", f"```text\n{PROGRAM} {name} {usage}\n```", ""]
    lines += [" ".join((command.help or "").split()), ""]
    for names, help_text in _options(command, context):
        lines.append(f"- `{names}`: {' '.join(help_text.split())}")
    return lines + [""]


def formats_markdown() -> str:
    lines = ["| format | what it is for |", "|---|---|"]
    lines += [f"| `{name}` | {description} |" for name, description in FORMAT_DESCRIPTIONS.items()]
    return "\n".join(lines)


def cli_reference_markdown() -> str:
    """Every command with its usage, its help and its options, then the output formats."""
    # As the command runs: the group's context settings (`-h` besides `--help`) are in force.
    root = cli.make_context(PROGRAM, [], resilient_parsing=True)
    lines = [
        f"`{PROGRAM} [OPTIONS] COMMAND`: {' '.join((cli.help or '').split())}",
        "",
        " ".join((cli.epilog or "").split()),
        "",
    ]
    for names, help_text in _options(cli, root):
        lines.append(f"- `{names}`: {' '.join(help_text.split())}")
    lines.append("")
    missing = sorted(set(cli.commands) - set(COMMAND_ORDER))
    for name in (*COMMAND_ORDER, *missing):
        lines += _command_markdown(name, root)
    lines += ["### Output formats (`check --output-format`)", "", formats_markdown()]
    return "\n".join(lines).rstrip("\n") + "\n"
