"""kehu — a follow-up tracker for people who live on their client relationships."""

__version__ = "0.1.0"
