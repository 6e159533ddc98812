"""Time and motion: how long practitioners spend recording on each form version."""
