"""Section 10 of the guide: Async & Concurrency."""
