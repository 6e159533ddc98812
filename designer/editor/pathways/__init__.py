"""The pathway editor: stages, transitions, triggers, timescales, wording, diagram."""
