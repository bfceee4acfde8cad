"""Undo: the last change to the book, whichever command made it, reversed."""

from __future__ import annotations

from kehu.errors import KehuError
from kehu.i18n import _


def last_change(book):
    """The newest recorded change (store.undo.Step), or an error when there is none."""
    from kehu.store import undo

    step = undo.last_step(book.conn)
    if step is None:
        raise KehuError(_("nothing to undo: no change to the book is recorded"))
    return step


def undo(book, step) -> None:
    """Reverse `step`, if it is still the newest change, and refresh every contact it concerned."""
    from kehu.store import undo

    with book.write(undoable=False) as conn:
        current = undo.last_step(conn)
        if current is None or current.id != step.id:
            raise KehuError(_("the book changed while you were asked; nothing was undone, run kehu undo again"))
        book.refresh(conn, *undo.revert(conn, step.id))
