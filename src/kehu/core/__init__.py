"""The domain, pure: no I/O, no SQL, no printing; `today` is always a parameter."""
