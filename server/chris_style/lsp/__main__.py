"""`python -m chris_style.lsp` runs the language server over standard input/output (`chris-style lsp` too)."""

from chris_style.lsp.fast_start import serve_stdio

if __name__ == "__main__":
    serve_stdio()
