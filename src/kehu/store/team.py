"""The team's members: PostgreSQL login roles in the kehu_rep / kehu_manager groups, with a
display name in `team_member` (team mode, store.engines.pg_schema)."""

from __future__ import annotations

from kehu.store import rows


def add_member(conn, login: str, role: str, name: str | None, password: str | None, at) -> bool:
    """Create (or reuse) the login role, put it in its role's group only; returns True when new.
    `login` is checked by the caller (book.team.check_login): safe as an identifier."""
    new = not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (login,)).fetchone()
    if new:
        conn.execute(f'CREATE ROLE "{login}" LOGIN')
    if password is not None:
        secret = password.replace("'", "''")
        conn.execute(f"ALTER ROLE \"{login}\" PASSWORD '{secret}'")
    other = "kehu_manager" if role == "rep" else "kehu_rep"
    if conn.execute("SELECT pg_has_role(?, ?, 'MEMBER')", (login, other)).fetchone()[0]:
        conn.execute(f'REVOKE {other} FROM "{login}"')
    conn.execute(f'GRANT kehu_{role} TO "{login}"')
    conn.execute("INSERT INTO team_member (login, name, role, added_at) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT (login) DO UPDATE SET name = coalesce(EXCLUDED.name, team_member.name), role = EXCLUDED.role",
                 (login, name, role, rows.iso_moment(at)))
    return new


def members(conn) -> list[dict]:
    """Every member, with how many active contacts they own (those the caller may see)."""
    return [{"login": login, "name": name, "role": role, "added_at": added, "contacts": n}
            for login, name, role, added, n in conn.execute(
                "SELECT m.login, m.name, m.role, m.added_at, (SELECT count(*) FROM contact c WHERE c.owner = m.login "
                "AND c.archived = 0) FROM team_member m ORDER BY m.role DESC, m.login")]


def may_see_team(conn) -> bool:
    """The database's owner (a superuser too) or a manager."""
    return bool(conn.execute(
        "SELECT pg_has_role(current_user, 'kehu_manager', 'MEMBER') OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
        "OR pg_has_role(current_user, (SELECT tableowner FROM pg_tables WHERE tablename = 'kehu_team' "
        "AND schemaname = current_schema()), 'MEMBER')").fetchone()[0])


def owners(conn) -> dict[int, str]:
    """{contact id: owner} of every contact the member sees (the policies choose which)."""
    return dict(conn.execute("SELECT id, owner FROM contact").fetchall())


def is_member(conn, login: str) -> bool:
    return conn.execute("SELECT 1 FROM team_member WHERE login = ?", (login,)).fetchone() is not None


def owned_by(conn, login: str, tier: str | None = None, tag: str | None = None) -> list[tuple[int, str]]:
    """(id, name) of every contact `login` owns (archived ones too: the whole book moves), by tier and tag."""
    from kehu.store.contacts import tier_and_tag

    where, params = tier_and_tag(["owner = ?"], [login], tier, tag)
    return conn.execute(f"SELECT id, name FROM contact WHERE {' AND '.join(where)} ORDER BY id", params).fetchall()


def hand_over(conn, ids: list[int], to: str, at) -> None:
    """Give these contacts to `to`: their rows stay theirs (touches, dates, complaints follow the
    contact); the ownership periods are closed at `at` and the new ones begin."""
    when = rows.iso_moment(at)
    conn.executemany("UPDATE ownership SET until = ? WHERE contact_id = ? AND until IS NULL", [(when, i) for i in ids])
    conn.executemany("UPDATE contact SET owner = ? WHERE id = ?", [(to, i) for i in ids])
    conn.executemany("INSERT INTO ownership (contact_id, owner, since) VALUES (?, ?, ?)", [(i, to, when) for i in ids])


def ownership(conn, contact_id: int) -> list[dict]:
    """Who owned the contact when, oldest first: login, display name, since, until (None: now)."""
    return [{"owner": owner, "name": name, "since": since, "until": until, "by": by}
            for owner, name, since, until, by in conn.execute(
                "SELECT o.owner, m.name, o.since, o.until, o.by_whom FROM ownership o LEFT JOIN team_member m "
                "ON m.login = o.owner WHERE o.contact_id = ? ORDER BY o.since, o.id", (contact_id,))]
