"""Section 4 of the guide: Error Handling & Robustness (exceptions and logging)."""
