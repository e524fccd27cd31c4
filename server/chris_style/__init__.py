"""chris-style: a linter, language server and VS Code extension for Chris's Python style guide."""

__version__ = "0.1.0"
