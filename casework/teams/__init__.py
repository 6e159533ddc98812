"""A manager's manager's view of the teams reporting to them (docs/tasks.md)."""
