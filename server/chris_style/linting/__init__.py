"""The linting engine: parse a buffer, run the enabled rules in one traversal, apply suppressions and fixes.

Knows nothing of LSP or of the terminal; positions are 0-based lines and columns counted in code points.
"""
