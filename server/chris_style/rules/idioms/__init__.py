"""Section 6 of the guide: Code Style & Idioms."""
