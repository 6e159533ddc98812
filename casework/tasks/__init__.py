"""Tasks on cases, the pathway triggers that make them, and the worker that fires
triggers when their date comes (docs/tasks.md)."""
