"""The Rich consoles: colour only on a terminal, never with NO_COLOR, never when piped."""

from __future__ import annotations

import os
from functools import lru_cache


@lru_cache(maxsize=None)
def stdout():
    """The console for results."""
    from rich.console import Console

    # Rich already drops colour when stdout is not a terminal and honours NO_COLOR; a
    # piped table keeps the terminal's width when COLUMNS says so.
    return Console(highlight=False, no_color="NO_COLOR" in os.environ, soft_wrap=False)


def plain(*values: str) -> list:
    """Table cells shown exactly as typed: a name like "[/]" is data, never Rich markup."""
    from rich.text import Text

    return [Text(v) for v in values]
