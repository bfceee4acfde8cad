"""The SQLite store: schema (SQLModel), connection setup, migrations and queries."""
