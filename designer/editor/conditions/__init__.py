"""The conditions builder: rows of (question, comparison, value) <-> JSON Logic, the
inputs that carry them, the plain sentence, and "try this rule"."""
