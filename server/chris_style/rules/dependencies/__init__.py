"""Section 7 of the guide: Dependencies & Tooling."""
