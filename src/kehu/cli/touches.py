"""Correcting the record: `kehu touch list|edit|rm|move`.

Every correction renumbers the follow-ups and recomputes what is due of each contact it
concerns, in the same transaction (and `kehu undo` reverses it like any other change).
"""

from __future__ import annotations

import typer

from kehu.cli.app import app
from kehu.cli.common import amount_option, channel_option, clean_text, command, confirm, open_book, outcome_option, read_clock
from kehu.errors import KehuError, UsageError
from kehu.i18n import _
from kehu.core import labels

touch_app = typer.Typer(help=_("See a contact's touches by id, and correct one: edit, rm, move."), no_args_is_help=True)
app.add_typer(touch_app, name="touch")

_ID = dict(metavar="ID", min=1, max=2**63 - 1, help=_("The touch's id (kehu touch list WHO)."))


@command(touch_app, "list")
def list_touches(
    who: str = typer.Argument(..., metavar="WHO"),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """A contact's touches with their ids and follow-up numbers, oldest first."""
    from kehu.views import touch_views

    contact, history = open_book(settings=False).touches_of(who)
    if as_json:
        touch_views.touches_json(history)
    else:
        touch_views.touches_table(contact.name, contact.id, history)


@command(touch_app, "edit")
def edit_touch(
    touch_id: int = typer.Argument(..., **_ID),
    at: str = typer.Option(None, "--at", metavar="WHEN", help=_('When it happened: "yesterday 15:30", 2026-11-20…')),
    channel: str = channel_option(None),
    note: str = typer.Option(None, "--note", "-n", metavar="TEXT", help=_('What was said ("" clears it).')),
    outcome: str = outcome_option(None),
    cost: str = amount_option("--cost", _("What it cost.")),
    todo: str = typer.Option(None, "--todo", metavar="TEXT", help=_('What you promised ("" clears it).')),
    next_: str = typer.Option(None, "--next", metavar="WHEN", help=_('The next follow-up date the client named ("" clears it).')),
) -> None:
    """Correct a touch: its time, channel, note, outcome, cost, promise or next date.

    The contact's follow-ups are renumbered and what is due recomputed.
    """
    from kehu.cli.log import next_date, touch_moment
    from kehu.views.text import next_line, touch_label

    given = {"at": at, "channel": channel, "note": note, "outcome": outcome, "cost": cost, "todo": todo, "next_on": next_}
    if all(v is None for v in given.values()):
        raise UsageError(_("nothing to change: give at least one option (see kehu touch edit --help)"))
    clock = read_clock()
    today = clock.today
    fields = {}
    if at is not None:
        fields["at"] = touch_moment(at, clock.now)
    if channel is not None:
        fields["channel"] = channel
    if outcome is not None:
        fields["outcome"] = outcome
    if note is not None:
        fields["note"] = clean_text(note, "--note", multiline=True)
    if todo is not None:
        fields["todo"] = clean_text(todo, "--todo", limit=500)
    if cost is not None:
        fields["cost"] = cost
    def new_next(touch_at):  # read once the touch's own time is known
        return next_date(next_, touch_at, today) if next_.strip() else None

    corrected, contact, item = open_book(clock=clock).edit_touch(touch_id, fields, new_next if next_ is not None else None)
    print(_("Corrected touch #{id} ({at:%Y-%m-%d %H:%M}, {channel}) with {name} (#{cid}): {label} · {next}").format(
        id=touch_id, at=corrected.at, channel=labels.channel(corrected.channel), name=contact.name, cid=contact.id,
        label=touch_label(corrected), next=next_line(item, today)))


@command(touch_app, "rm")
def rm_touch(
    touch_id: int = typer.Argument(..., **_ID),
    yes: bool = typer.Option(False, "--yes", "-y", help=_("Don't ask first.")),
) -> None:
    """Delete a touch logged by mistake (asks first).

    The contact's follow-ups are renumbered and what is due recomputed.
    """
    from kehu.views.text import next_line

    book = open_book()
    touch = book.touch(touch_id)
    name = book.contact_name(touch.contact_id)
    what = _("touch #{id} ({at:%Y-%m-%d %H:%M}, {channel}) with {name} (#{cid})").format(
        id=touch.id, at=touch.at, channel=labels.channel(touch.channel), name=name, cid=touch.contact_id)
    # Asked before the write begins: a question must not hold the lock the cron digest waits on.
    if not yes and not confirm(_("Delete {what}?").format(what=what)):
        raise KehuError(_("not deleted (nothing changed); add --yes to delete without asking"))
    item = book.delete_touch(touch_id, touch.contact_id)
    print(_("Deleted {what} · {next}").format(what=what, next=next_line(item, book.today)))


@command(touch_app, "move")
def move_touch(
    touch_id: int = typer.Argument(..., **_ID),
    who: str = typer.Argument(..., metavar="WHO", help=_("The contact the touch was really with.")),
) -> None:
    """Move a touch to the contact it was really with (a call logged to the wrong 张伟).

    Both contacts' follow-ups are renumbered and what is due recomputed.
    """
    from kehu.views.text import touch_label

    touch, source, target, moved = open_book().move_touch(touch_id, who)
    print(_("Moved touch #{id} from {source} (#{sid}) to {name} (#{cid}): now {label} there.").format(
        id=touch_id, source=source, sid=touch.contact_id, name=target.name, cid=target.id, label=touch_label(moved)))
