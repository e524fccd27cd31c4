"""`python -m chris_style.lsp` runs the language server over standard input/output (`chris-style lsp` too)."""

from chris_style.lsp.app import serve

if __name__ == "__main__":
    serve()
