"""Section 8 of the guide: Design Patterns & Principles (dataclasses, serialization, ABCs, inheritance)."""
