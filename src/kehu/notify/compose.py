"""The digest as lines for a robot, and their split into messages within the robot's byte limit.

Pure: no I/O. A robot's message is a title and lines; each robot gives the cost of a line in
bytes as it will be sent (its markup, its JSON), and the budget one message leaves for lines.
A line is never cut (unless one line alone outgrows a whole message); when the lines need more
than MAX_PARTS messages the last one ends with a line saying how many were left out and how to
see them all: a robot that posts twenty messages a morning is a robot the group mutes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kehu.core.digest import Digest
from kehu.i18n import _

MAX_PARTS = 5  # WeCom and DingTalk accept 20 messages a minute per robot; Feishu 100


@dataclass(frozen=True)
class Line:
    """One line of a robot message: the headline, a section heading, an item, or kehu's note."""

    text: str
    kind: str = "item"  # "headline", "heading", "item" or "note"


Cost = Callable[[Line], int]


def digest_lines(d: Digest, esc: Callable[[str], str]) -> list[Line]:
    """The digest's headline and sections as lines, user text escaped with `esc`."""
    from kehu.views.digest import headline, sections

    lines = [Line(headline(d), "headline")]
    for heading, items in sections(d, esc):
        lines.append(Line(heading, "heading"))
        lines += [Line(item) for item in items]
    return lines


def more_line(left_out: int) -> Line:
    """The line ending a shortened digest: how much is missing and where to read it."""
    return Line(_("… and {n} more lines: run `kehu digest` to read all of it").format(n=left_out), "note")


def split(lines: Sequence[Line], budget: int, cost: Cost, max_parts: int = MAX_PARTS) -> list[list[Line]]:
    """`lines` in at most `max_parts` parts, each costing at most `budget`, in order and never cut.

    A heading is never left at the end of a part without its first item. What does not fit in
    `max_parts` parts is left out, and the last part then ends with `more_line`."""
    lines = [_shorten(line, budget, cost) for line in lines]
    parts = _pack(lines, budget, cost)
    if len(parts) <= max_parts:
        return parts
    kept = parts[:max_parts - 1]
    rest = [line for part in parts[max_parts - 1:] for line in part]
    reserve = cost(more_line(10 ** 6))  # the note's own cost, whatever the count
    last = _pack(rest, budget - reserve, cost)[0] if budget > reserve else []
    while last and last[-1].kind == "heading":
        last.pop()
    left_out = sum(1 for line in rest[len(last):] if line.kind == "item")
    return kept + [last + [more_line(left_out)]]


def _pack(lines: Sequence[Line], budget: int, cost: Cost) -> list[list[Line]]:
    parts: list[list[Line]] = []
    current: list[Line] = []
    used = 0
    for line in lines:
        size = cost(line)
        if current and used + size > budget:
            carried = _trailing_headings(current)
            if len(carried) == len(current):
                carried = []
            parts.append(current[:len(current) - len(carried)])
            current, used = carried, sum(cost(c) for c in carried)
        current.append(line)
        used += size
    if current:
        parts.append(current)
    return parts


def _trailing_headings(part: list[Line]) -> list[Line]:
    n = 0
    while n < len(part) and part[-1 - n].kind in ("heading", "headline"):
        n += 1
    return part[len(part) - n:]


def _shorten(line: Line, budget: int, cost: Cost) -> Line:
    """A line alone bigger than a whole message (a pasted essay in a note), cut to fit, marked with …"""
    if cost(line) <= budget:
        return line
    low, high = 0, len(line.text)
    while low < high:  # the longest prefix that fits, found by bisection
        middle = (low + high + 1) // 2
        if cost(Line(line.text[:middle] + "…", line.kind)) <= budget:
            low = middle
        else:
            high = middle - 1
    return Line(line.text[:low] + "…", line.kind)


def utf8(text: str) -> int:
    """The size of `text` in UTF-8 bytes, the unit every robot counts its limit in."""
    return len(text.encode("utf-8"))


def numbered(title: str, index: int, count: int) -> str:
    """The title of part `index` of `count` ("… (2/3)"), or the title itself for a single message."""
    return f"{title} ({index}/{count})" if count > 1 else title
