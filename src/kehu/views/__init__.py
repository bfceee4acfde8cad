"""Renderers: Rich tables, JSON and plain text. Never touch the database."""
