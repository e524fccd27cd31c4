"""Adopting the guide on a codebase that does not follow it yet: the baseline of findings recorded once
(baseline.py, fingerprints.py), bulk suppression (suppress.py), the deviation audit (audit.py) and the lines a
git revision changed (changed_lines.py). Front-end neutral: the CLI and the language server stand on it."""
