"""`python -m chris_style` runs the command-line interface; `python -m chris_style lsp`, what editors run, goes
straight to the language server, which answers `initialize` before loading anything else (lsp/fast_start.py)."""

import sys

# The command line of the language server over standard input/output: nothing for click to parse.
LANGUAGE_SERVER_ARGUMENTS = ["lsp"]


def main() -> None:
    if sys.argv[1:] == LANGUAGE_SERVER_ARGUMENTS:
        from chris_style.lsp.fast_start import serve_stdio

        serve_stdio()
        return
    from chris_style.cli.app import main as cli_main  # click, the rules and the parser

    cli_main()


if __name__ == "__main__":
    main()
