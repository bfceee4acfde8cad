"""A plain-text table drawn the way kehu's Rich tables look (┃ header, ━╇━ rule, │ rows,
CJK characters two cells wide, long cells wrapped), for listings of hundreds of rows: Rich
measures and renders every cell through several layers (~1 ms a row), this writes lines.

Columns with a ratio share what the terminal has left when the table is too wide, as Rich's
`ratio=` does; columns without one keep their width. A cell wraps at spaces, and folds a word
longer than its column."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len


def lines(headers: Sequence[str], rows: Sequence[Sequence[str]], ratios: Sequence[int | None], width: int,
          justify: Sequence[str] | None = None) -> list[str]:
    """The table's lines: the header, the rule, then every row (wrapped cells on several lines)."""
    head, rule, body = blocks(headers, rows, ratios, width, justify)
    return [head, rule, *(line for block in body for line in block)]


def blocks(headers: Sequence[str], rows: Sequence[Sequence[str]], ratios: Sequence[int | None], width: int,
           justify: Sequence[str] | None = None) -> tuple[str, str, list[list[str]]]:
    """(the header line, the rule, each row's lines): a row's lines together, to style a row as one.
    `justify`: "left" (the default), "right" or "center" for each column."""
    widths = _fit([max(cell_len(h), *(cell_len(r[i]) for r in rows)) for i, h in enumerate(headers)], ratios, width)
    justify = justify or ("left",) * len(widths)
    head = _join(_wrap(headers, widths)[0], widths, " ┃ ", justify)
    return head, "━╇━".join("━" * w for w in widths), [
        [_join(line, widths, " │ ", justify) for line in _wrap(row, widths)] for row in rows]


def _fit(natural: list[int], ratios: Sequence[int | None], width: int) -> list[int]:
    """Natural widths, or, when they overflow `width`, the ratio columns shrunk to share the rest."""
    total = sum(natural) + 3 * (len(natural) - 1)
    flexible = [i for i, r in enumerate(ratios) if r]
    if total <= width or not flexible:
        return natural
    fixed = sum(w for i, w in enumerate(natural) if i not in flexible) + 3 * (len(natural) - 1)
    room = max(len(flexible), width - fixed)
    shares = sum(ratios[i] for i in flexible)
    widths = list(natural)
    for i in flexible:
        widths[i] = max(1, min(natural[i], room * ratios[i] // shares))
    spare = room - sum(widths[i] for i in flexible)  # what narrow columns did not need goes to the rest
    for i in sorted(flexible, key=lambda i: natural[i] - widths[i], reverse=True):
        extra = min(spare, natural[i] - widths[i])
        widths[i] += extra
        spare -= extra
    return widths


def _wrap(cells: Sequence[str], widths: list[int]) -> list[list[str]]:
    """The row as lines of cells: each cell wrapped to its width, blank below the shorter ones."""
    wrapped = [_wrap_cell(c, w) for c, w in zip(cells, widths)]
    height = max(len(w) for w in wrapped)
    return [[w[k] if k < len(w) else "" for w in wrapped] for k in range(height)]


def _wrap_cell(text: str, width: int) -> list[str]:
    if cell_len(text) <= width:
        return [text]
    out, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            out.append(line)
        line = ""
        for ch in word:  # a word longer than the column: folded
            if cell_len(line + ch) > width:
                out.append(line)
                line = ""
            line += ch
    out.append(line)
    return out


def _join(cells: list[str], widths: list[int], sep: str, justify: Sequence[str] = ()) -> str:
    if not justify:
        return sep.join(c + " " * (w - cell_len(c)) for c, w in zip(cells, widths))
    return sep.join(_pad(c, w - cell_len(c), j) for c, w, j in zip(cells, widths, justify))


def _pad(cell: str, room: int, justify: str) -> str:
    if justify == "right":
        return " " * room + cell
    if justify == "center":
        return " " * (room // 2) + cell + " " * (room - room // 2)
    return cell + " " * room


def ellipsis(text: str, width: int) -> str:
    """`text` cut to `width` cells, ending in … when cut (Rich's overflow="ellipsis")."""
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"
