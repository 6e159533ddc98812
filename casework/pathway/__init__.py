"""The pathway engine: stages, statutory clocks, triggers and pre-fill."""
