"""Section 2 of the guide: Type System & Annotations."""
