"""Contacts: `kehu add`, `edit`, `show`, `list`, `rm`, `unarchive`."""

from __future__ import annotations

import sys

import typer

from kehu.cli.app import app
from kehu.cli.common import clean_text, command, confirm, open_book, read_clock, tier_option, when_date
from kehu.errors import KehuError, UsageError
from kehu.i18n import _
from kehu.core import labels


def _profile_fields(name, company, title, tier, phone, email, wechat, city, hometown, note) -> dict:
    """The contact columns given on the command line, checked as imports check them
    (core.fields); "" clears a field on edit."""
    from kehu.core.fields import FieldError, contact_name, profile_fields

    given = {"company": company, "title": title, "wechat": wechat, "city": city, "hometown": hometown,
             "note": note, "phone": phone, "email": email}
    try:
        fields = profile_fields(given, label=lambda key: f"--{key}")
        if name is not None:
            fields["name"] = contact_name(name, "NAME")
    except FieldError as e:
        raise UsageError(str(e)) from None
    if tier is not None:
        fields["tier"] = tier
    return fields


def _account_fields(role: str | None, style: str | None) -> dict:
    """--role and --style as stored (决策者 → decision); "" clears one on edit."""
    from kehu.core.accounts import ROLE_WORDS, STYLE_WORDS, forms, word

    fields = {}
    for option, value, words in (("role", role, ROLE_WORDS), ("style", style, STYLE_WORDS)):
        if value is None:
            continue
        if not value.strip():
            fields[option] = None
        elif (found := word(value, words)) is None:
            raise UsageError(_("--{option} {value!r}: use one of {forms}").format(option=option, value=value,
                                                                                   forms=forms(words)))
        else:
            fields[option] = found
    return fields


ROLE_HELP = _("Their part in their account's decisions: decision, rule, user, gatekeeper (决策者, 规则制定者, 使用者, 把关者).")
STYLE_HELP = _("Their social style: analytical, driver, amiable, expressive (分析型, 驾驭型, 平易型, 表现型).")


def _clean_tags(tags: list[str] | None) -> list[str]:
    return [t for t in (clean_text(t, "--tag", limit=100) for t in tags or []) if t]


@command(app, "add")
def add(
    name: str = typer.Argument(..., metavar="NAME", help=_("The contact's name (Chinese, Latin, emoji all fine).")),
    company: str = typer.Option(None, "--company", metavar="TEXT"),
    title: str = typer.Option(None, "--title", metavar="TEXT"),
    tier: str = tier_option("C", _("A (most valuable) … D.")),
    phone: str = typer.Option(None, "--phone", metavar="TEXT"),
    email: str = typer.Option(None, "--email", metavar="TEXT"),
    wechat: str = typer.Option(None, "--wechat", metavar="TEXT"),
    city: str = typer.Option(None, "--city", metavar="PLACE", help=_("Where they live.")),
    hometown: str = typer.Option(None, "--hometown", metavar="PLACE", help=_("Where they come from (籍贯/老家).")),
    tag: list[str] = typer.Option(None, "--tag", metavar="TAG", help=_("A tag; repeat for several.")),
    note: str = typer.Option(None, "--note", metavar="TEXT"),
    met: str = typer.Option(None, "--met", metavar="WHEN", help=_("The day of the first contact (接洽); without it, a lead due today.")),
    referred_by: str = typer.Option(None, "--referred-by", metavar="WHO", help=_("The contact who introduced them (counts toward the referral rate).")),
    birthday: str = typer.Option(None, "--birthday", metavar="DATE", help=_("Their birthday: YYYY-MM-DD or MM-DD.")),
    lunar_birthday: str = typer.Option(None, "--lunar-birthday", metavar="DATE", help=_("Their lunar birthday: 1985-08-15, 08-15, 闰6-10.")),
    role: str = typer.Option(None, "--role", metavar="ROLE", help=ROLE_HELP),
    style: str = typer.Option(None, "--style", metavar="STYLE", help=STYLE_HELP),
) -> None:
    """Add a contact.

    Without --met it is a lead, due for first contact today; --met records the first contact.
    """
    from kehu.views.text import next_line

    clock = read_clock()
    today = clock.today
    fields = _profile_fields(name, company, title, tier, phone, email, wechat, city, hometown, note)
    fields |= {k: v for k, v in _account_fields(role, style).items() if v}
    met_on = when_date(met, "--met", today) if met else None
    born = _birthday_spec(birthday, lunar_birthday, today)
    if met_on and met_on > today:
        raise UsageError(_("--met {day} is in the future; add them without --met and log the first contact when it happens").format(day=met_on))
    added = open_book(create=True, clock=clock).add_contact(fields, tags=_clean_tags(tag), met_on=met_on, referred_by=referred_by, birthday=born)
    contact, item, twins = added.profile, added.due, added.twins
    for _new_id, new, _other_id, other in added.accounts_alike:
        print(_("kehu: note: the new account {new} may be {other}; `kehu account merge \"{other}\" \"{new}\"` joins them").format(
            new=new, other=other), file=sys.stderr)
    if twins:
        ids = ", ".join(f"#{i}" for i in twins)
        same = (_("kehu: note: {name} at the same company already exists ({ids}); both kept — use ids to tell them apart")
                if fields.get("company") else
                _("kehu: note: {name}, with no company, already exists ({ids}); both kept — use ids to tell them apart"))
        print(same.format(name=fields["name"], ids=ids), file=sys.stderr)
    print(_("Added {name} (#{id}), tier {tier}, {stage} · {next}").format(
        name=contact.name, id=contact.id, tier=contact.state.tier, stage=labels.stage(contact.state.stage),
        next=next_line(item, today)))


@command(app, "edit")
def edit(
    who: str = typer.Argument(..., metavar="WHO"),
    name: str = typer.Option(None, "--name", metavar="TEXT", help=_("A new name.")),
    company: str = typer.Option(None, "--company", metavar="TEXT"),
    title: str = typer.Option(None, "--title", metavar="TEXT"),
    tier: str = tier_option(),
    phone: str = typer.Option(None, "--phone", metavar="TEXT"),
    email: str = typer.Option(None, "--email", metavar="TEXT"),
    wechat: str = typer.Option(None, "--wechat", metavar="TEXT"),
    city: str = typer.Option(None, "--city", metavar="TEXT"),
    hometown: str = typer.Option(None, "--hometown", metavar="TEXT"),
    tag: list[str] = typer.Option(None, "--tag", metavar="TAG", help=_("Add a tag; repeat for several.")),
    untag: list[str] = typer.Option(None, "--untag", metavar="TAG", help=_("Remove a tag.")),
    note: str = typer.Option(None, "--note", metavar="TEXT"),
    birthday: str = typer.Option(None, "--birthday", metavar="DATE", help=_("Their birthday: YYYY-MM-DD or MM-DD.")),
    lunar_birthday: str = typer.Option(None, "--lunar-birthday", metavar="DATE", help=_("Their lunar birthday: 1985-08-15, 08-15, 闰6-10.")),
    referred_by: str = typer.Option(None, "--referred-by", metavar="WHO", help=_("The contact who introduced them (\"\" clears it).")),
    role: str = typer.Option(None, "--role", metavar="ROLE", help=ROLE_HELP),
    style: str = typer.Option(None, "--style", metavar="STYLE", help=STYLE_HELP),
) -> None:
    """Change a contact's details.

    An empty value ("") clears a field; --tag adds a tag and --untag removes one.
    """
    fields = _profile_fields(name, company, title, tier, phone, email, wechat, city, hometown, note)
    fields |= _account_fields(role, style)
    added, removed = _clean_tags(tag), set(_clean_tags(untag))
    clear_birthday = any(b is not None and not b.strip() for b in (birthday, lunar_birthday))  # --birthday ""
    clock = read_clock()
    born = None if clear_birthday else _birthday_spec(birthday, lunar_birthday, clock.today)
    if not fields and not added and not removed and not born and not clear_birthday and referred_by is None:
        raise UsageError(_("nothing to change: give at least one option (see kehu edit --help)"))
    profile, twins = open_book(clock=clock).edit_contact(who, fields, added_tags=added, removed_tags=removed, birthday=born,
                                              clear_birthday=clear_birthday, referred_by=referred_by)
    if twins:
        print(_("kehu: note: {name} at the same company already exists ({ids}); both kept — use ids to tell them apart").format(
            name=profile.name, ids=", ".join(f"#{i}" for i in twins)), file=sys.stderr)
    print(_("Updated {name} (#{id}).").format(name=profile.name, id=profile.id))


@command(app, "show")
def show(
    who: str = typer.Argument(..., metavar="WHO"),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """Profile, timeline and what is due next.

    The timeline shows each touch with its follow-up number; the due line says which rule,
    which interval and which urgency terms apply.
    """
    from kehu.views import contact_views

    book = open_book()
    s = book.show(who)
    owners = book.ownership(s.profile.id)  # a team database: who owned the client when
    if as_json:
        contact_views.show_json(s.profile, s.touches, s.complaints, s.dates, s.due, book.today, s.deals, s.account, owners)
    else:
        contact_views.show(s.profile, s.touches, s.complaints, s.dates, s.due, book.rules, book.today, s.deals, s.account)
        if owners:
            contact_views.ownership(owners)


@command(app, "list")
def list_contacts(
    tier: str = tier_option(),
    tag: str = typer.Option(None, "--tag", metavar="TAG"),
    stage: str = typer.Option(None, "--stage", help=_("lead, pursuing, won, lost or paused.")),
    city: str = typer.Option(None, "--city", metavar="PLACE", help=_("Lives in or comes from this place (city or hometown).")),
    archived: bool = typer.Option(False, "--archived", help=_("List archived contacts instead.")),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """List contacts, filtered by tier, tag, stage or place."""
    from kehu.core.model import STAGES
    from kehu.views import contact_views

    if stage is not None and stage.lower() not in STAGES:
        raise UsageError(_("--stage {value!r}: use one of {stages}").format(value=stage, stages=", ".join(STAGES)))
    book = open_book(settings=False)
    today = book.today
    found = book.contacts(tier=tier, tag=tag, stage=stage.lower() if stage else None, city=city, archived=archived)
    if as_json:
        contact_views.list_json(found, today, book.owners())
    else:
        contact_views.list_table(found, today, filtered=any(x is not None for x in (tier, tag, stage, city)) or archived,
                                 owners=book.owners() if book.team and book.sees_team() else None)


@command(app, "rm")
def remove(
    who: str = typer.Argument(..., metavar="WHO"),
    purge: bool = typer.Option(False, "--purge", help=_("Delete the contact and every touch for good.")),
    yes: bool = typer.Option(False, "--yes", "-y", help=_("Don't ask before --purge.")),
) -> None:
    """Archive a contact, or --purge it.

    Archiving keeps the history (`kehu unarchive` brings the contact back); --purge deletes
    the contact and every touch, after confirmation.
    """
    book = open_book(settings=False)
    contact = book.contact(who, archived=purge)
    # Asked before the write begins: a question must not hold the lock the cron digest waits on.
    if purge and not yes and not confirm(_("Delete {name} (#{id}) and all their touches for good?").format(
            name=contact.name, id=contact.id)):
        raise KehuError(_("not deleted (nothing changed); add --yes to purge without asking"))
    if purge:
        book.purge(contact.id)
    else:
        book.archive(contact.id)
    if purge:
        print(_("Deleted {name} (#{id}) and their history.").format(name=contact.name, id=contact.id))
        return
    print(_("Archived {name} (#{id}); history kept. `kehu unarchive {id}` brings them back.").format(name=contact.name, id=contact.id))


@command(app, "unarchive")
def unarchive(who: str = typer.Argument(..., metavar="WHO", help=_("The archived contact: id, name, pinyin…"))) -> None:
    """Bring an archived contact back."""
    contact = open_book(settings=False).unarchive(who)
    print(_("Unarchived {name} (#{id}).").format(name=contact.name, id=contact.id))


def _birthday_spec(birthday: str | None, lunar_birthday: str | None, today):
    from kehu.book.occasions import parse_date_spec

    if birthday and lunar_birthday:
        raise UsageError(_("give --birthday or --lunar-birthday, not both"))
    if birthday or lunar_birthday:
        return parse_date_spec(birthday or lunar_birthday, lunar=bool(lunar_birthday),
                               today=today, option="--lunar-birthday" if lunar_birthday else "--birthday")
    return None

