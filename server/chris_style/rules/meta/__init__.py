"""Section 12 of the guide: Meta Patterns."""
