"""Section 11 of the guide: API Design."""
