"""`kehu prep WHO`: what to know before calling someone at an account."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Prep:
    """One call's preparation: the person, their account, how to talk to them, what to ask."""

    profile: object  # core.model.Profile
    account: object | None  # book.accounts.AccountView
    style_advice: str
    role_advice: str | None
    touches: list  # their last touches, newest first
    promise: str | None
    promise_due: object | None
    others: list = field(default_factory=list)  # the account's other people (store.accounts.PersonRow)
    spin: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        p = self.profile
        return {
            "id": p.id, "name": p.name, "account": self.account.name if self.account else None,
            "account_stage": self.account.stage if self.account else None,
            "quadrant": self.account.quadrant if self.account else None,
            "role": p.role, "style": p.style, "advice": self.style_advice, "role_advice": self.role_advice,
            "last_touches": [{"id": t.id, "at": t.at.isoformat(sep=" "), "channel": t.channel, "note": t.note,
                              "todo": t.todo} for t in self.touches],
            "open_promises": [{"todo": self.promise, "due": iso(self.promise_due)}] if self.promise else [],
            "others": [{"id": o.id, "name": o.name, "role": o.role, "style": o.style, "last_touch": iso(o.last_touch)}
                       for o in self.others],
            "spin": self.spin,
        }


LAST_TOUCHES = 3


def prep(book, who: str) -> Prep:
    """The preparation of a call with the contact WHO names."""
    from kehu.book.accounts import account_view
    from kehu.core.call_prep import role_advice, spin_prompts, style_advice
    from kehu.store import contacts, touches

    conn = book.conn
    contact = book.resolve(conn, who)
    profile = contacts.get_profile(conn, contact.id)
    history = sorted(touches.touches_of(conn, contact.id), key=lambda t: (t.at, t.id), reverse=True)
    account_id = conn.execute("SELECT account_id FROM contact WHERE id = ?", (contact.id,)).fetchone()[0]
    account = account_view(book, conn, account_id)
    others = [p for p in account.people if p.id != contact.id] if account else []
    seq = profile.state.sequence
    last_note = next((t.note for t in history if t.note and t.note.strip()), None)
    spin = spin_prompts(book.settings.accounts, name=profile.name, account=account.name if account else profile.state.company,
                        role=profile.role, last_note=last_note, promise=seq.todo)
    from kehu.core.next_follow_up import promise_due

    return Prep(profile, account, style_advice(profile.style), role_advice(profile.role), history[:LAST_TOUCHES],
                seq.todo, promise_due(profile.state, book.rules), others, spin)
