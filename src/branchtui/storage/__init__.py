"""Storage: SQLite through SQLModel for changes, plain sqlite3 for the quick summary.

Import the submodule you need; this package imports nothing, so `status` can use the light
modules (`location`, `schema`, `summary`) without loading SQLAlchemy.
"""
