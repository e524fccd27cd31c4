"""Section 9 of the guide: Data Handling (which data model to use, and immutability)."""
