"""The client book: the library the `kehu` command sits on.

A `Book` is built from an open database, the settings (the rules) and a clock read once, and
has a method for each thing a user does: add, edit, log, change a stage, import, merge, due,
occasions, stats, export, undo… It owns what every use case must get right the same way: the
write transaction (all of a command or nothing), the name keys (pinyin, initials), the refresh
of a contact's follow-up numbers and schedules after every write, which contacts are the same
contact (core.same_contact), and the clock. The CLI parses arguments, calls the book and hands
the result to a view; store/ is reached only through the book.

Each family of use cases is a module of its own; modules are imported by the methods that need
them, so `kehu log` pays only for logging.
"""

from __future__ import annotations

from kehu.book.base import BookBase
from kehu.book.clock import Clock
from kehu.book.contacts import ContactActions
from kehu.book.demo import DemoActions
from kehu.book.digest import DigestActions
from kehu.book.due import DueActions
from kehu.book.exports import ExportActions
from kehu.book.history import UndoActions
from kehu.book.importing import ImportActions
from kehu.book.occasions import OccasionActions
from kehu.book.stages import StageActions
from kehu.book.stats import StatsActions
from kehu.book.touches import TouchActions

__all__ = ["Book", "Clock"]


class Book(ContactActions, TouchActions, StageActions, OccasionActions, DueActions, DigestActions, StatsActions,
           ImportActions, ExportActions, UndoActions, DemoActions, BookBase):
    """An open client book (see the module's docstring)."""
