"""`python -m chris_style` runs the command-line interface."""

from chris_style.cli.entry import main

if __name__ == "__main__":
    main()
