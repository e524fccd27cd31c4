"""Section 3 of the guide: Documentation Philosophy."""
