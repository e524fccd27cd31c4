"""Settings: what they are (settings.py), which keys exist and what values they take (keys.py, editor.py), and
where they come from for a file (resolver.py): defaults < the nearest `pyproject.toml` with
`[tool.chris-style]` < command-line options or editor settings. The CLI and the language server share it.
"""
