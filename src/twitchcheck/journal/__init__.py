"""The journal: what a person logged over time, where it is kept, and what only time shows."""
