"""Typer commands: parse arguments, call the core and the store, hand results to a view."""
