"""The language server: pygls glue around the engine. Each module has one job; server.py wires them together."""
