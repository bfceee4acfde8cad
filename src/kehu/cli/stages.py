"""Stages: `kehu won`, `lost`, `pause`, `resume`, `pursue`."""

from __future__ import annotations


import typer

from kehu import config
from kehu.cli.common import amount_option, command, lost_reason_option, open_db, resolve, tier_option, when_date
from kehu.errors import KehuError, UsageError
from kehu.i18n import _
from kehu.views import labels


def _change(who: str, describe, change) -> None:
    """Apply `change(conn, contact, profile)` in one transaction, refresh, print the result."""
    from kehu.store import contacts, touches
    from kehu.views.text import next_line

    today = config.today()
    rules = config.load_config().rules
    db = open_db()
    with db.write() as conn:
        contact = resolve(conn, who)
        change(conn, contacts.get_profile(conn, contact.id), today)
        touches.refresh_contact(conn, contact.id, rules, today)
        profile, item = touches.contact_with_due(conn, contact.id, rules, today)
    print(f"{describe(profile)} · {next_line(item, today)}")


def register(app: typer.Typer) -> None:

    @command(app, "won")
    def won(who: str = typer.Argument(..., metavar="WHO"),
            value: str = amount_option("--value", _("The deal's value."))) -> None:
        """Mark a deal won.

        The contact moves to the maintenance rhythm of its tier.
        """
        def change(conn, profile, today):
            from kehu.store.contacts import update_contact
            from kehu.store.deals import record_deal
            from kehu.store.rows import iso_moment

            _require_open(profile, "won")
            record_deal(conn, profile.id, "won", config.now(), value=value)
            update_contact(conn, profile.id, {"stage": "won", "closed_at": iso_moment(config.now()), "won_value": value,
                                              "won_after": profile.state.sequence.follow_ups_done, "lost_reason": None})
        def describe(p) -> str:
            done = p.state.sequence.follow_ups_done
            if done < 0:
                return _("{name} (#{id}) won before any touch was logged").format(name=p.name, id=p.id)
            if done == 0:
                return _("{name} (#{id}) won at the first contact").format(name=p.name, id=p.id)
            return _("{name} (#{id}) won after follow-up #{n}").format(name=p.name, id=p.id, n=done)

        _change(who, describe, change)

    @command(app, "lost")
    def lost(who: str = typer.Argument(..., metavar="WHO"),
             reason: str = lost_reason_option()) -> None:
        """Mark a contact lost, with the reason.

        The reasons are those of the churn study: 68% of lost clients felt plain neglect.
        """
        def change(conn, profile, today):
            from kehu.store.contacts import update_contact
            from kehu.store.deals import record_deal
            from kehu.store.rows import iso_moment

            if profile.state.stage == "lost":
                raise KehuError(_("{name} (#{id}) is already lost").format(name=profile.name, id=profile.id))
            # A won client who leaves has churned; a prospect who leaves was lost.
            outcome = "churned" if profile.state.stage == "won" else "lost"
            record_deal(conn, profile.id, outcome, config.now(), reason=reason)
            fields = {"stage": "lost", "lost_reason": reason, "paused_until": None}
            if outcome == "lost":  # a churned client's sequence closed when it was won
                fields["closed_at"] = iso_moment(config.now())
            update_contact(conn, profile.id, fields)
        _change(who, lambda p: _("{name} (#{id}) lost ({reason})").format(name=p.name, id=p.id, reason=reason), change)

    @command(app, "pause")
    def pause(who: str = typer.Argument(None, metavar="[WHO]"),
              tier: str = tier_option(None, _("Pause every active contact of this tier instead of one contact.")),
              until: str = typer.Option(..., "--until", metavar="WHEN", help=_("When to pick up again: 2027-03-01, 3m, 下周一…"))) -> None:
        """Pause a contact, or a whole tier (--tier D), until a date."""
        if _one_or_tier(who, tier):
            return _pause_tier(tier, until)

        def change(conn, profile, today):
            from kehu.store.contacts import update_contact
            from kehu.store.rows import iso_day

            day = _pause_end(until, today)
            if profile.state.stage == "lost":
                raise KehuError(_("{name} (#{id}) is lost; nothing to pause").format(name=profile.name, id=profile.id))
            update_contact(conn, profile.id, {"paused_until": iso_day(day)})
        _change(who, lambda p: _("{name} (#{id}) paused until {day}").format(name=p.name, id=p.id, day=p.state.paused_until), change)

    @command(app, "resume")
    def resume(who: str = typer.Argument(None, metavar="[WHO]"),
               tier: str = tier_option(None, _("End the pause of every contact of this tier."))) -> None:
        """End a pause now: of one contact, or of a whole tier (--tier D)."""
        if _one_or_tier(who, tier):
            return _resume_tier(tier)

        def change(conn, profile, today):
            from kehu.store.contacts import update_contact

            if not (profile.state.paused_until and profile.state.paused_until > today):
                raise KehuError(_("{name} (#{id}) is not paused").format(name=profile.name, id=profile.id))
            update_contact(conn, profile.id, {"paused_until": None})
        _change(who, lambda p: _("{name} (#{id}) resumed").format(name=p.name, id=p.id), change)

    @command(app, "pursue")
    def pursue(who: str = typer.Argument(..., metavar="WHO")) -> None:
        """Start a new deal with a won or lost contact.

        A new sequence begins, from first contact.
        """
        def change(conn, profile, today):
            from kehu.store.contacts import update_contact
            from kehu.store.rows import iso_moment

            if profile.state.stage not in ("won", "lost"):  # a refused action: exit 1
                state = {"lead": _("a lead whose first contact is still to come"),
                         "pursuing": _("already being pursued")}.get(profile.state.stage, labels.stage(profile.state.stage))
                raise KehuError(_("{name} (#{id}) is {state}; pursue starts a new deal after won or lost").format(
                    name=profile.name, id=profile.id, state=state))
            update_contact(conn, profile.id, {"stage": "lead", "sequence_start": iso_moment(config.now()), "closed_at": None,
                                              "won_value": None, "won_after": None, "lost_reason": None})
        _change(who, lambda p: _("{name} (#{id}): new deal started").format(name=p.name, id=p.id), change)


def _one_or_tier(who: str | None, tier: str | None) -> bool:
    """True for a whole tier, False for one contact; a usage error for neither or both."""
    if who and tier:
        raise UsageError(_("give WHO or --tier, not both"))
    if not who and not tier:
        raise UsageError(_("name a contact (WHO or --tier A|B|C|D for a whole tier)"))
    return bool(tier)


def _pause_end(until: str, today):
    day = when_date(until, "--until", today)
    if day <= today:
        raise UsageError(_("--until {day} is not in the future").format(day=day))
    return day


def _pause_tier(tier: str, until: str) -> None:
    """Snooze every active contact of a tier, in one transaction; a longer pause of a contact's own stays."""
    from kehu.store import contacts

    day = _pause_end(until, config.today())
    n = _change_tier(lambda conn, today: contacts.pause_tier(conn, tier, day), _(
        "nobody to pause: tier {tier} has no active contact that is not already paused longer").format(tier=tier))
    print(_contacts_line(_("tier {tier} paused until {day}: {n} contacts"), _("tier {tier} paused until {day}: 1 contact"),
                         tier=tier, day=day, n=n))


def _resume_tier(tier: str) -> None:
    """End the pause of every contact of a tier (pauses of their own too), in one transaction."""
    from kehu.store import contacts

    n = _change_tier(lambda conn, today: contacts.resume_tier(conn, tier, today),
                     _("nobody to resume: no contact of tier {tier} is paused").format(tier=tier))
    print(_contacts_line(_("tier {tier} resumed: {n} contacts"), _("tier {tier} resumed: 1 contact"), tier=tier, n=n))


def _change_tier(change, nobody: str) -> int:
    """Apply `change(conn, today)` (returning the ids it changed) and store their new due dates,
    in one transaction; `nobody` is the error when it changed no one. Returns how many."""
    from kehu.store import touches

    today = config.today()
    rules = config.load_config().rules
    db = open_db()
    with db.write() as conn:
        ids = change(conn, today)
        if not ids:
            raise KehuError(nobody)
        for contact_id in ids:
            touches.store_due_date(conn, contact_id, rules, today)
    return len(ids)


def _contacts_line(many: str, one: str, **fields) -> str:
    return (one if fields["n"] == 1 else many).format(**fields)


def _require_open(profile, target: str) -> None:
    if profile.state.stage in ("won", "lost"):
        raise KehuError(_("{name} (#{id}) is already {stage}; `kehu pursue` starts a new deal first").format(
            name=profile.name, id=profile.id, stage=labels.stage(profile.state.stage)))
