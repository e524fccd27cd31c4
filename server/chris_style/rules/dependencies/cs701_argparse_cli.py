"""CS701 argparse-cli: a module builds its command-line interface with `argparse` (or `optparse`/`getopt`)
instead of Click."""

import logging

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Files, Invalid, Rule, Valid

logger = logging.getLogger(__name__)

# What builds a command-line interface without Click, by the dotted name it is imported under.
CLI_BUILDERS = frozenset(
    {"argparse.ArgumentParser", "optparse.OptionParser", "getopt.getopt", "getopt.gnu_getopt"}
)
CLI_BUILDER_NAMES = frozenset(builder.rsplit(".", 1)[1] for builder in CLI_BUILDERS)


class ArgparseCli(Rule):
    """A module builds its command-line interface with `argparse` (or `optparse`/`getopt`).

    The guide observes Click for command-line interfaces: `@click.command()`, `@click.option()`,
    `@click.group()`. Reported once per module, at the first `argparse.ArgumentParser(...)`,
    `optparse.OptionParser(...)` or `getopt.getopt(...)`/`gnu_getopt(...)` call, or at a class deriving from
    `ArgumentParser`, however the module imported it. Test files are not CLIs and are skipped. OBSERVED: a
    hint for new code, not a reason to port a working CLI.
    """

    code = "CS701"
    name = "argparse-cli"
    priority = Priority.OBSERVED
    guideline = Guideline.CLI_FRAMEWORK
    message = "Command-line interface built with `{builder}`; the guide builds CLIs with Click (`@click.command()`)"
    files = Files.NOT_TESTS
    VALID = [
        "import click\n\n\n@click.command()\n@click.option('--count', default=1)\ndef main(count: int) -> None:\n"
        "    click.echo(count)\n",
        # Only a reference to the type, e.g. in an annotation: nothing is built here.
        "import argparse\n\n\ndef run(args: argparse.Namespace) -> None:\n    pass\n",
        # Another library's `ArgumentParser`.
        "from tap import ArgumentParser\n\nparser = ArgumentParser()\n",
        Valid(
            "import argparse\n\n\ndef test_WHEN_parsed_THEN_ok() -> None:\n    parser = argparse.ArgumentParser()\n"
            "    assert parser\n",
            path="tests/test_cli.py",
        ),
    ]
    INVALID = [
        Invalid(
            "import argparse\n\n\ndef main() -> None:\n    parser = argparse.ArgumentParser(description='Sync')\n"
            "    parser.add_argument('--dry-run', action='store_true')\n    sub = argparse.ArgumentParser()\n"
        ),
        Invalid("from argparse import ArgumentParser as Parser\n\nPARSER = Parser()\n"),
        Invalid("import optparse\n\nparser = optparse.OptionParser()\n"),
        Invalid("import getopt\nimport sys\n\nopts, args = getopt.getopt(sys.argv[1:], 'hv')\n"),
        Invalid("import argparse\n\n\nclass Parser(argparse.ArgumentParser):\n    pass\n"),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = self.context.facts.names
        self._reported = False

    def visit_Call(self, node: cst.Call) -> None:
        self._check(node, node.func)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        for base in node.bases:
            self._check(base.value, base.value)

    def _check(self, target: cst.CSTNode, name: cst.BaseExpression) -> None:
        if self._reported:
            return
        if self._resolver.imported_last_name(name) not in CLI_BUILDER_NAMES:
            return
        resolved = self._resolver.resolve(name)
        if resolved in CLI_BUILDERS:
            self._reported = True
            self.report(target, builder=resolved)
