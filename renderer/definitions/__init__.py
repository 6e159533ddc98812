"""The definition language: pure Python, no Flask, SQLAlchemy or WTForms."""
