"""Case notes: short records on note-type forms, outside any stage, and what they count for."""
