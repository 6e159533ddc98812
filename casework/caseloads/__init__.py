"""Weighted caseloads: what each worker carries against what they can (docs/caseloads.md)."""
