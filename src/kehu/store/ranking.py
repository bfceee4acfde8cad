"""`kehu due`'s ranking in SQL: the most urgent stored follow-ups and care calls, the counts of
its summary line, and `--json` written whole — scored by core.urgency's formulas rendered as SQL
(store.formulas), so that SQLite ranks a big book exactly as Python ranks a small one, reading no
more rows than the answer needs."""

from __future__ import annotations

import datetime as dt
import sqlite3

from kehu.store import rows
from kehu.store.contacts import due_between


def ranked_due(conn: sqlite3.Connection, rules, today: dt.date, horizon: dt.date, limit: int, *,
               tier: str | None = None, tag: str | None = None, named: int = 10, after: dt.date | None = None):
    """The table of `kehu due` without reading every due row: the `limit` most urgent stored
    schedules (follow-ups and care calls), the `named` most urgent stalled-early ones, and the
    counts (total, overdue, in the zone, stalled) — ranked and counted by SQLite, so what reaches
    Python does not grow with how much is due. `after`: only what falls due after that day.

    The urgency, zone and stalled-early rules are core.urgency's, rendered as SQL (store.formulas).
    """
    def ranked(figures: tuple[str, ...], n: int, **options) -> list:
        """The n most urgent rows of both arms (follow-ups, care calls), as options narrow them."""
        arms = [_scored(rules.urgency, today, (after, horizon), tier, tag, figures, care=care, **options)
                for care in (False, True)]
        union, params = " UNION ALL ".join(text for text, _p in arms), [p for _t, ps in arms for p in ps]
        return conn.execute(f"SELECT * FROM ({union}) AS due_rows ORDER BY urgency DESC, due_on, name, id, due_kind "
                            "LIMIT ?", [*params, n]).fetchall()  # core.due.rank_key's order (complaints aside)

    # The urgency (most of the cost) is computed only for rows that can make the table: the tiers
    # that can reach it (below), the stalled-early rows once picked by their condition; the counts
    # need no urgency at all. On PostgreSQL names sort by the server's collation, which the merge
    # in Python would not follow: one query there (it met its target without pruning).
    def most_urgent(tiers: list | None, n: int, but: tuple = ()) -> list:
        return ranked(("urgency",), n, tiers=tiers, but_tiers=but)

    prune = not tier and getattr(conn, "dialect", "sqlite") == "sqlite"
    top = _pruned_by_tier(most_urgent, rules.urgency, (today - horizon).days, limit) if prune else most_urgent(None, limit)
    first_stalled = ranked(("urgency",), named, only="stalled")
    # Each count over one index range: the due, those not yet overdue (a short range), those in
    # the zone and those stalled early (a formula SQLite folds to false for care calls).
    not_overdue = (max(after, today - dt.timedelta(days=1)) if after else today - dt.timedelta(days=1), horizon)
    counts = [_scored(rules.urgency, today, days, tier, tag, (), care=care, only=only, count=True)
              for care in (False, True)
              for days, only in (((after, horizon), None), (not_overdue, None), ((after, horizon), "zone"),
                                 ((after, horizon), "stalled"))]
    found = conn.execute(f"SELECT {', '.join(f'({text})' for text, _p in counts)}",
                         [p for _text, ps in counts for p in ps]).fetchone()
    total, not_yet, n_zone, n_stalled = (found[i] + found[i + 4] for i in range(4))
    overdue = total - not_yet
    return ([_ranked_facts(r, rules.care_days) for r in top], [_ranked_facts(r, rules.care_days) for r in first_stalled],
            {"total": total, "overdue": overdue, "in_zone": n_zone, "stalled": n_stalled})


def _pruned_by_tier(most_urgent, weights, least_days_overdue: int, limit: int) -> list:
    """The `limit` most urgent rows, scoring only the tiers that can reach them: first the rows of
    the tier weighted highest; the urgency of the last of its `limit` most urgent then rules out
    every tier whose highest possible urgency (core.urgency.highest_urgency) is below it — with
    tiers A–D, usually all but A, the fifth of a book that the 80/20 rule puts there. Ranked in
    Python as SQLite ranks (urgency DESC, due_on, name, id, due_kind: text compared by code point,
    as SQLite compares UTF-8)."""
    from kehu.core.model import SCHEDULE_KINDS
    from kehu.core.urgency import highest_urgency

    tiers = sorted(weights.tier, key=lambda t: weights.tier[t], reverse=True)
    if not tiers:
        return most_urgent(None, limit)
    first = most_urgent([tiers[0]], limit)
    if len(first) < limit:
        rest = most_urgent(None, limit, but=(tiers[0],))
    else:
        floor, kinds = first[-1][-1], (*SCHEDULE_KINDS, "care", None)  # None: a kind the weights do not name
        reach = [t for t in tiers[1:] if highest_urgency(t, weights, least_days_overdue, kinds) >= floor]
        unknown = highest_urgency(None, weights, least_days_overdue, kinds) >= floor  # a tier the weights do not name
        rest = most_urgent(None, limit, but=tuple(tiers)) if unknown else []
        rest += most_urgent(reach, limit) if reach else []
    rank = lambda r: (-r[-1], r[9], r[1], r[0], r[10])  # noqa: E731 — the ORDER BY of ranked_due
    return sorted(first + rest, key=rank)[:limit]


def ranked_due_json(conn: sqlite3.Connection, rules, today: dt.date, horizon: dt.date, next_actions: dict[str, str],
                    *, tier: str | None = None, tag: str | None = None, limit: int | None = None):
    """Every stored follow-up schedule and care call due by `horizon`, most urgent first, each
    as (urgency, due_on, name, id, kind, head, tail) — its rank key, then what `kehu due --json` prints for it is head + the urgency rounded to 2
    places + tail (core.model.DueItem.as_json's fields and values, built by SQLite; the rounding
    is Python's). Ranked, scored and flagged by core.urgency's formulas in SQL, as `ranked_due`
    does; nothing is built per row in Python. `next_actions`: the translated next action of each
    kind (core.model._NEXT_ACTIONS), its follow-up number as {n}; "" the template of any other kind."""
    ranked, params = _due_json_rows(rules, today, horizon, tier, tag)
    head, tail, text_params = _json_text(next_actions, today)
    columns = f"urgency, due_on, name, id, due_kind, {head}, {tail}"
    # Ranked first (OFFSET 0 keeps the subquery whole), written after: SQLite sorts the short rows, not the JSON.
    sql = (f"SELECT {columns} FROM (SELECT * FROM ({ranked}) ORDER BY urgency DESC, due_on, name, id, due_kind "
           f"LIMIT ? OFFSET 0)")
    return conn.execute(sql, [*text_params, *params, limit or -1])


def due_json_array(conn: sqlite3.Connection, rules, today: dt.date, horizon: dt.date, next_actions: dict[str, str],
                   side: list, *, tier: str | None = None, tag: str | None = None, limit: int | None = None) -> bytes:
    """The items of `kehu due --json`, comma-separated, as UTF-8 — the whole text written by
    SQLite in one piece, the urgency too: exact only when every urgency is a multiple of 1/4
    (round(…, 2) is then the identity, and SQLite writes such a number as Python does; the caller
    checks). `side`: the few items ranked in Python (complaints, personal dates…), each as
    (complaint first: 0 or 1, urgency, due, name, id, kind, its JSON text), merged in rank order."""
    import json

    ranked, params = _due_json_rows(rules, today, horizon, tier, tag, extra="0 AS side, 1 AS first, NULL AS text")
    action, action_params = _next_action_sql(next_actions)
    flag = "json(CASE WHEN {} THEN 'true' ELSE 'false' END)"
    item = ("json_object('contact_id', id, 'name', name, 'company', company, 'tier', tier, 'stage', "
            "CASE WHEN paused_until > ? AND stage != 'lost' THEN 'paused' ELSE stage END, 'kind', due_kind, "
            "'follow_up', due_follow_up, 'due', due_on, 'days_overdue', days_overdue, 'urgency', urgency, "
            f"'last_touch', last_touch_on, 'next_action', coalesce(nullif(todo, ''), {action}), "
            f"'promised', {flag.format('todo IS NOT NULL')}, 'in_zone', {flag.format('zone')}, "
            f"'stalled_early', {flag.format('stalled')})")
    # The stored rows and the side items in one ranking (the side items' columns the JSON does
    # not need are NULL), the JSON written after the ranking, and only for the rows kept.
    side_rows = (f"SELECT json_extract(value, '$[4]'), json_extract(value, '$[3]'), {', '.join(['NULL'] * 7)}, "
                 f"json_extract(value, '$[2]'), json_extract(value, '$[5]'), {', '.join(['NULL'] * 4)}, "
                 f"json_extract(value, '$[1]'), NULL, NULL, NULL, 1, json_extract(value, '$[0]'), "
                 f"json_extract(value, '$[6]') FROM json_each(?)")
    # One compound SELECT (each layer around it costs SQLite ~1 µs a row); no side items, no third arm.
    ranked_all = (f"{ranked}{f' UNION ALL {side_rows}' if side else ''} "
                  f"ORDER BY first, urgency DESC, due_on, name, id, due_kind LIMIT ? OFFSET 0")
    sql = f"SELECT CAST(group_concat(CASE WHEN side THEN text ELSE {item} END, ',') AS BLOB) FROM ({ranked_all})"
    sides = [json.dumps(side, ensure_ascii=False)] if side else []
    found = conn.execute(sql, [today.isoformat(), *action_params, *params, *sides, limit or -1]).fetchone()[0]
    return found or b""


def _due_json_rows(rules, today: dt.date, horizon: dt.date, tier: str | None, tag: str | None,
                   extra: str = "") -> tuple[str, list]:
    arms = [_scored(rules.urgency, today, (None, horizon), tier, tag, ("urgency", "days_overdue", "zone", "stalled"),
                    care=care, extra=extra) for care in (False, True)]
    return " UNION ALL ".join(text for text, _params in arms), [p for _text, ps in arms for p in ps]


def _json_text(next_actions: dict[str, str], today: dt.date) -> tuple[str, str, list]:
    """SQL of DueItem.as_json's text around the urgency: (head, tail, their parameters)."""
    action, action_params = _next_action_sql(next_actions)
    flag = "CASE WHEN {} THEN 'true' ELSE 'false' END"
    # Concatenated rather than json_object(): the same JSON, a fraction of SQLite's work a row.
    head = ("""'{"contact_id":' || id || ',"name":' || json_quote(name) || ',"company":' || json_quote(company) """
            """|| ',"tier":' || json_quote(tier) || ',"stage":' || """
            """json_quote(CASE WHEN paused_until > ? AND stage != 'lost' THEN 'paused' ELSE stage END) """
            """|| ',"kind":' || json_quote(due_kind) || ',"follow_up":' || json_quote(due_follow_up) """
            """|| ',"due":' || json_quote(due_on) || ',"days_overdue":' || days_overdue || ',"urgency":'""")
    tail = (f"""',"last_touch":' || json_quote(last_touch_on) || ',"next_action":' """
            f"""|| json_quote(coalesce(nullif(todo, ''), {action})) || ',"promised":' || {flag.format('todo IS NOT NULL')} """
            f"""|| ',"in_zone":' || {flag.format('zone')} || ',"stalled_early":' || {flag.format('stalled')} || '}}'""")
    return head, tail, [today.isoformat(), *action_params]


def _next_action_sql(next_actions: dict[str, str]) -> tuple[str, list]:
    """SQL of DueItem.next_action's template for due_kind, with due_follow_up as {n} (formatted
    as Python's str.format does: NULL as None)."""
    def filled(template: str) -> tuple[str, list]:
        pieces = template.format(n="\0").split("\0")
        return " || CAST(coalesce(due_follow_up, 'None') AS TEXT) || ".join("?" for _ in pieces), pieces

    cases, params = [], []
    for kind, template in next_actions.items():
        if kind:
            text, pieces = filled(template)
            cases.append(f"WHEN ? THEN {text}")
            params += [kind, *pieces]
    text, pieces = filled(next_actions[""])
    return f"CASE due_kind {' '.join(cases)} ELSE {text} END", params + pieces


def _scored(weights, today: dt.date, days: tuple[dt.date | None, dt.date], tier: str | None, tag: str | None,
            figures: tuple[str, ...], *, care: bool, facts: bool = True, only: str | None = None,
            tiers: list | None = None, but_tiers: tuple = (), count: bool = False, extra: str = "") -> tuple[str, list]:
    """(SQL, parameters) of the stored follow-up schedules (or care calls) due after `days[0]` (when
    given) through `days[1]`: the
    columns `_ranked_facts` reads (when `facts`), then the `figures` asked for (urgency, days_overdue,
    zone, stalled), each computed once a row and only when asked for (they are most of the cost);
    `only`: just the rows one figure (stalled) holds for; `tiers`: only these tiers; `but_tiers`:
    not these; `count`: how many such rows, and nothing else; `extra`: more columns, as SQL."""
    from kehu.core.urgency import in_zone, stalled_early, urgency
    from kehu.store.formulas import SQL, Sql

    due = "care_on" if care else "due_on"
    kind, follow_up, interval = ((Sql("'care'"), Sql("NULL"), Sql("care_interval")) if care else
                                 (Sql("due_kind"), Sql("due_follow_up"), Sql("due_interval")))
    where, params = due_between(due, *days, tier, tag)
    if tiers:
        where, params = [*where, f"tier IN ({', '.join('?' * len(tiers))})"], [*params, *tiers]
    if but_tiers:
        where, params = [*where, f"tier NOT IN ({', '.join('?' * len(but_tiers))})"], [*params, *but_tiers]
    over = Sql(f"CAST(julianday(?) - julianday({due}) AS INTEGER)", [today.isoformat()])
    zone = in_zone(Sql("stage"), kind, follow_up, SQL)
    stalled = stalled_early(kind, Sql("follow_ups_done"), over, interval, SQL)
    formulas = {"urgency": lambda: urgency(over, Sql("tier"), kind, zone, stalled, weights, SQL),
                "zone": lambda: zone, "stalled": lambda: stalled, "days_overdue": lambda: over}
    computed = [(formulas[name](), name) for name in figures]
    if only:  # only the rows this figure holds for, picked before the others are computed
        condition = formulas[only]()
        where, params = [*where, condition.text], [*params, *condition.params]
    columns = ("id, name, company, tier, stage, paused_until, follow_ups_done, last_touch_on, "
               + ("NULL, care_on, 'care', NULL, care_interval, last_care_on, created_on" if care else
                  "todo, due_on, due_kind, due_follow_up, due_interval, NULL, NULL")) if facts else "id"
    selected = "count(*)" if count else ", ".join([columns, *(f"{f.text} AS {name}" for f, name in computed),
                                                   *([extra] if extra else [])])
    text = f"SELECT {selected} FROM contact WHERE {' AND '.join(where)}"
    return text, [p for f, _name in computed for p in f.params] + params


def _ranked_facts(row: tuple, care_days: dict[str, int]):
    (id_, name, company, tier, stage, paused_until, done, last_touch_on, _todo,
     due_on, kind, _follow_up, interval, last_care_on, created_on) = row[:15]
    if kind == "care":
        return rows.care_facts((id_, name, company, tier, stage, paused_until, done, last_touch_on, last_care_on,
                                created_on, due_on, interval), care_days)
    return rows.due_facts(row[: len(rows.DUE_COLUMNS)])
