"""Section 1 of the guide: Code Organization & Architecture."""
