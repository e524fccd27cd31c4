"""Section 5 of the guide: Testing Approach. Every rule here runs on test files only."""
