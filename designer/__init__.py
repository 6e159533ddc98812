"""Authoring: the designer blueprint and the change engine."""
