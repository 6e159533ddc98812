"""Case facts: what a case knows, with the history of who recorded each value."""
