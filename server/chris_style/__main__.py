"""`python -m chris_style` runs the command line (cli/entry.py); `python -m chris_style lsp`, what editors run,
goes straight to the language server there, which answers `initialize` before loading anything else
(lsp/fast_start.py)."""

from chris_style.cli.entry import main

if __name__ == "__main__":
    main()
