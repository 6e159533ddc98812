"""Family context: who else is involved with the people in a child's life, and when last."""
