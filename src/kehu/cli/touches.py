"""Correcting the record: `kehu touch list|edit|rm|move`.

Every correction renumbers the follow-ups and recomputes what is due of each contact it
concerns, in the same transaction (and `kehu undo` reverses it like any other change).
"""

from __future__ import annotations

import typer

from kehu import config
from kehu.cli.common import amount_option, channel_option, clean_text, command, confirm, open_db, outcome_option, resolve
from kehu.errors import KehuError, NotFound, UsageError
from kehu.i18n import _
from kehu.views import labels

touch_app = typer.Typer(help=_("See a contact's touches by id, and correct one: edit, rm, move."), no_args_is_help=True)

_ID = dict(metavar="ID", min=1, max=2**63 - 1, help=_("The touch's id (kehu touch list WHO)."))


def _touch(conn, touch_id: int):
    """The touch with this id, or a one-line error naming where ids are shown."""
    from kehu.store.corrections import get_touch

    touch = get_touch(conn, touch_id)
    if touch is None:
        raise NotFound(_("no touch #{id}; kehu touch list WHO shows a contact's touches with their ids").format(id=touch_id))
    return touch


def _contact_name(conn, contact_id: int) -> str:
    from kehu.store.contacts import get_profile

    return get_profile(conn, contact_id).name


def _refreshed(conn, contact_ids, rules, today) -> None:
    from kehu.store import touches

    for contact_id in sorted(set(contact_ids)):
        touches.refresh_contact(conn, contact_id, rules, today)


def register(app: typer.Typer) -> None:
    app.add_typer(touch_app, name="touch")

    @command(touch_app, "list")
    def list_(
        who: str = typer.Argument(..., metavar="WHO"),
        as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
    ) -> None:
        """A contact's touches with their ids and follow-up numbers, oldest first."""
        from kehu.store import touches
        from kehu.views import touch_views

        db = open_db()
        contact = resolve(db.conn, who, archived=True)
        history = touches.touches_of(db.conn, contact.id)
        if as_json:
            touch_views.touches_json(history)
        else:
            touch_views.touches_table(contact.name, contact.id, history)

    @command(touch_app, "edit")
    def edit(
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
        from kehu.store import corrections, touches
        from kehu.views.text import next_line, touch_label

        given = {"at": at, "channel": channel, "note": note, "outcome": outcome, "cost": cost, "todo": todo, "next_on": next_}
        if all(v is None for v in given.values()):
            raise UsageError(_("nothing to change: give at least one option (see kehu touch edit --help)"))
        today, now = config.today(), config.now()
        fields = {}
        if at is not None:
            fields["at"] = touch_moment(at, now)
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
        rules = config.load_config().rules
        db = open_db()
        with db.write() as conn:
            touch = _touch(conn, touch_id)
            if next_ is not None:
                fields["next_on"] = next_date(next_, fields.get("at", touch.at), today) if next_.strip() else None
            elif "at" in fields and touch.next_on and touch.next_on < fields["at"].date():
                raise UsageError(_("--at {day} is after the touch's --next {next}; change or clear --next too").format(
                    day=fields["at"].date(), next=touch.next_on))
            corrections.update_touch(conn, touch_id, fields)
            _refreshed(conn, [touch.contact_id], rules, today)
            corrected, contact, item = touches.logged(conn, touch_id, rules, today)
        print(_("Corrected touch #{id} ({at:%Y-%m-%d %H:%M}, {channel}) with {name} (#{cid}): {label} · {next}").format(
            id=touch_id, at=corrected.at, channel=labels.channel(corrected.channel), name=contact.name, cid=contact.id,
            label=touch_label(corrected), next=next_line(item, today)))

    @command(touch_app, "rm")
    def rm(
        touch_id: int = typer.Argument(..., **_ID),
        yes: bool = typer.Option(False, "--yes", "-y", help=_("Don't ask first.")),
    ) -> None:
        """Delete a touch logged by mistake (asks first).

        The contact's follow-ups are renumbered and what is due recomputed.
        """
        from kehu.store import corrections, touches
        from kehu.views.text import next_line

        today = config.today()
        rules = config.load_config().rules
        db = open_db()
        touch = _touch(db.conn, touch_id)
        name = _contact_name(db.conn, touch.contact_id)
        what = _("touch #{id} ({at:%Y-%m-%d %H:%M}, {channel}) with {name} (#{cid})").format(
            id=touch.id, at=touch.at, channel=labels.channel(touch.channel), name=name, cid=touch.contact_id)
        # Asked before the write begins: a question must not hold the lock the cron digest waits on.
        if not yes and not confirm(_("Delete {what}?").format(what=what)):
            raise KehuError(_("not deleted (nothing changed); add --yes to delete without asking"))
        with db.write() as conn:
            if _touch(conn, touch_id).contact_id != touch.contact_id:
                raise KehuError(_("touch #{id} changed while you were asked; nothing was deleted").format(id=touch_id))
            corrections.delete_touch(conn, touch_id)
            _refreshed(conn, [touch.contact_id], rules, today)
            _profile, item = touches.contact_with_due(conn, touch.contact_id, rules, today)
        print(_("Deleted {what} · {next}").format(what=what, next=next_line(item, today)))

    @command(touch_app, "move")
    def move(
        touch_id: int = typer.Argument(..., **_ID),
        who: str = typer.Argument(..., metavar="WHO", help=_("The contact the touch was really with.")),
    ) -> None:
        """Move a touch to the contact it was really with (a call logged to the wrong 张伟).

        Both contacts' follow-ups are renumbered and what is due recomputed.
        """
        from kehu.store import corrections
        from kehu.views.text import touch_label

        today = config.today()
        rules = config.load_config().rules
        db = open_db()
        with db.write() as conn:
            touch = _touch(conn, touch_id)
            target = resolve(conn, who)
            if target.id == touch.contact_id:
                raise UsageError(_("touch #{id} is already with {name} (#{cid})").format(id=touch_id, name=target.name, cid=target.id))
            source = _contact_name(conn, touch.contact_id)
            corrections.move_touch(conn, touch_id, target.id)
            _refreshed(conn, [touch.contact_id, target.id], rules, today)
            moved = corrections.get_touch(conn, touch_id)
        print(_("Moved touch #{id} from {source} (#{sid}) to {name} (#{cid}): now {label} there.").format(
            id=touch_id, source=source, sid=touch.contact_id, name=target.name, cid=target.id, label=touch_label(moved)))
