"""Sessions, history, uploads and the snapshot being filled; SQLAlchemy (SQLite by default)."""
