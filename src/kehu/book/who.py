"""Which contact WHO names: an id, a name, a prefix, pinyin, initials or a substring."""

from __future__ import annotations

from kehu.errors import Ambiguous, KehuError, NotFound, UsageError
from kehu.i18n import _


def resolve(conn, who: str, *, archived: bool = False):
    """The one contact WHO names: an id (12, #12), a name, a prefix, pinyin, initials, a substring.

    Only active contacts unless `archived`, which lets archived ones match too. An id that is also
    another contact's exact name, or several contacts at the best match level, is ambiguous.
    """
    from kehu.core.names import best_matches, closest_names, everyday_readings, parse_id
    from kehu.store import contacts

    who = who.strip()
    if not who:
        raise UsageError(_("WHO is empty: give a name, part of one, its pinyin or an id (#12)"))
    contact_id = parse_id(who)
    if contact_id is not None and (by_id := contacts.get_candidate(conn, contact_id, archived)):
        # The hot path (`kehu log 12`): one primary-key and one indexed name lookup.
        matches = [by_id] + [c for c in contacts.named_exactly(conn, who, archived) if c.id != by_id.id]
    else:
        matches = best_matches(who, contacts.candidates(conn, who, archived))
    if not matches:  # accents and non-ASCII case are beyond SQLite's LIKE: ask the core
        everyone = contacts.all_candidates(conn, archived)
        matches = best_matches(who, everyone) or best_matches(who, everyday_readings(everyone))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise Ambiguous(
            _("{who!r} matches {n} contacts; say which by id (e.g. #{id}):").format(who=who, n=len(matches), id=matches[0].id),
            details=sorted(matches, key=lambda c: c.id)[:20],
        )
    if not archived and (gone := resolve_archived(conn, who)):
        raise NotFound(_("{name} (#{id}) is archived; `kehu unarchive {id}` brings them back").format(name=gone.name, id=gone.id))
    suggestions = closest_names(who, list(dict.fromkeys(c.name for c in everyone)))  # two 马一 are one suggestion
    hint = _("; did you mean {names}?").format(names=", ".join(suggestions)) if suggestions else ""
    raise NotFound(_("no contact matches {who!r}{hint}").format(who=who, hint=hint))


def resolve_archived(conn, who: str):
    """The one archived contact WHO names, if no active one matched (to say why)."""
    try:
        found = resolve(conn, who, archived=True)
    except KehuError:
        return None
    return found if found.archived else None
