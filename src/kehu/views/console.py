"""The Rich consoles: colour only on a terminal, never with NO_COLOR, never when piped."""

from __future__ import annotations

import os
import re
from functools import lru_cache


@lru_cache(maxsize=None)
def stdout():
    """The console for results."""
    from rich.console import Console

    # Rich already drops colour when stdout is not a terminal and honours NO_COLOR; a
    # piped table keeps the terminal's width when COLUMNS says so.
    return Console(highlight=False, no_color="NO_COLOR" in os.environ, soft_wrap=False)


def lines_out():
    """The console for lines of text (tables drawn by views.grid, `kehu due`): Rich's where it may
    colour them (a terminal, FORCE_COLOR, TTY_COMPATIBLE=1, as Rich decides), else a PlainConsole,
    which wraps piped text exactly as Rich does without importing rich.console (16 ms, a tenth of a
    `kehu due`, for output that has no colour anyway)."""
    import sys

    forced = os.environ.get("TTY_COMPATIBLE", "")
    if sys.platform == "win32" or forced == "1" or (forced != "0" and os.environ.get("FORCE_COLOR", "") != ""):
        return stdout()
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        if isatty is not None and isatty():
            return stdout()
    except ValueError:  # a closed stream: Rich takes it for no terminal
        pass
    plain = PlainConsole(sys.stdout)
    return plain if plain.width >= 1 else stdout()  # COLUMNS=0: whatever Rich makes of it


_EMOJI_CODE = re.compile(r":\S*?:")  # what could be one (rich._emoji_replace reads it)


class PlainConsole:
    """The part of a Rich console that piped lines of text use — `width`, `is_terminal`, `file` and
    `print` of text or markup — with Rich's own Text doing the wrapping (rich.text is part of the
    floor every Typer + Rich program pays). tests/test_grid.py holds its output to Console's."""

    is_terminal = False

    def __init__(self, file) -> None:
        self.file, self.width = file, _rich_width()

    def print(self, text="", soft_wrap: bool = False, markup: bool = True) -> None:
        if isinstance(text, str):
            from rich.text import Text

            # What rich.markup.render and the emoji codes do to text with no markup and no emoji
            # code (:cat:) is nothing: such text skips them, and the emoji table they load (2 ms).
            if markup and "[" in text:
                from rich.markup import render

                text = render(text, emoji=True)
            elif _EMOJI_CODE.search(text):
                from rich._emoji_replace import _emoji_replace

                text = Text(_emoji_replace(text))
            else:
                text = Text(text)
        lines = text.wrap(None, self.width, overflow="ignore", no_wrap=True) if soft_wrap else text.wrap(None, self.width)
        self.file.write("\n".join(line.plain for line in lines) + "\n")


def _rich_width() -> int:
    """The width Rich's Console gives output that is not a terminal: COLUMNS, else the size of the
    first standard stream that is a terminal, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns)
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns or 80
        except (AttributeError, ValueError, OSError):
            continue
    return 80


def plain(*values: str) -> list:
    """Table cells shown exactly as typed: a name like "[/]" is data, never Rich markup."""
    from rich.text import Text

    return [Text(v) for v in values]


def hanging(rows: list[tuple[str, str]], indent: int = 2) -> None:
    """Print (head, text) lines whose text wraps under itself, not under the head:
      A: a call, a card… — John Smith (call), 王芳 (call),
         张伟 (call), 赵敏 (visit)
    Both are data: never taken for markup."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for head, text in rows:
        grid.add_row(Text(head), Text(text))
    console = stdout()
    with console.capture() as captured:  # plain text: nothing but the padding to strip
        console.print(Padding(grid, (0, 0, 0, indent)))
    for line in captured.get().splitlines():
        console.print(Text(line.rstrip()), soft_wrap=True)


def print_grid(headers, rows, ratios, styles=None, justify=None) -> None:
    """A long table drawn by views.grid (the look of kehu's Rich tables, a fraction of the cost);
    the header bold on a terminal, as Rich draws it, and each row in its style (`styles`: one
    Rich style a row, "" for none) — on a terminal only: piped, the lines are written as they are."""
    from rich.text import Text

    from kehu.views.grid import blocks

    console = lines_out()
    head, rule, body = blocks(headers, rows, ratios, console.width, justify)
    console.print(Text(head.rstrip(), style="bold"), soft_wrap=True)
    if styles is None or not console.is_terminal:
        console.file.write("\n".join([rule.rstrip(), *(line.rstrip() for block in body for line in block)]) + "\n")
        return
    console.file.write(rule.rstrip() + "\n")
    for block, style in zip(body, styles):
        console.print(Text("\n".join(line.rstrip() for line in block), style=style), soft_wrap=True)


def write_data(text, encoding: str = "utf-8") -> None:
    """Machine-readable output (JSON, CSV, vCard, ICS) on stdout as UTF-8 bytes, whatever the
    terminal's encoding: a GBK or ASCII console must not turn 李😀 into 李? in a redirected file.
    (Messages for people are written with the terminal's encoding, unshowable characters as ?.)
    `text` is a string or its pieces in order (a streamed export); a piece in bytes is UTF-8 already."""
    import sys

    pieces = (text,) if isinstance(text, str) else text
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    for piece in pieces:
        if buffer is None:  # a test's captured stream
            sys.stdout.write(piece if isinstance(piece, str) else piece.decode("utf-8"))
        else:
            buffer.write(piece if isinstance(piece, bytes) else piece.encode(encoding))
    if buffer is not None:
        buffer.flush()


def print_json(doc) -> None:
    """A JSON document on stdout (UTF-8), for scripts: `--json` of every read command. Indented
    for a person at a terminal; one line when piped, which json's C encoder writes several
    times faster (indent= switches it off)."""
    import json
    import sys

    indent = 2 if sys.stdout.isatty() else None
    write_data(json.dumps(doc, ensure_ascii=False, indent=indent) + "\n")
