"""Code actions that need no diagnostic: refactorings the editor offers on a selection or a definition."""
