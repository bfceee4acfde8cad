"""Start-up and query benchmark of the `kehu` command on a big client book.

Run it from the project root, with the interpreter that has kehu installed:

    python bench/run.py                 # 10,000 contacts × 10 touches
    python bench/run.py --large         # 100,000 contacts × 10 touches (1M touches)
    python bench/run.py --contacts 2500 --repeat 5 --json
    python bench/run.py --large --postgres  # the same book on a PostgreSQL team database of 10 reps

It builds (once, then reuses) `bench/bench-<N>.db`: N contacts with Chinese names, pinyin,
tiers A–D, cities and companies, 10 touches each over the ~200 days before 2026-11-23, some
leads, won, lost, paused, re-pursued and archived contacts. Each contact's follow-up summary
and due date are computed by the real core code (`core.follow_up_numbers.summarise`, `core.next_follow_up.schedule`)
exactly as `store.touches.refresh_contact` stores them; a sample is checked against
`refresh_contact` itself after the build.

Then it times whole processes, as a user meets them: `python -c "import typer, rich.table"`
(the floor every Typer + Rich CLI pays), `python -c pass`, `kehu --help`, `kehu due`,
`kehu log <id> --note bench` and `kehu show <id>`, one warm-up round and then R rounds, the
commands interleaved round-robin so machine noise hits all of them alike, and prints the
median wall time of each against its budget above the floor.

This is a benchmark, not a test: pytest never collects it (it lives outside `tests/`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kehu.core.follow_up_numbers import stage_after_touches, summarise
from kehu.core.due import due_items
from kehu.core.next_follow_up import care_schedule, event_schedules, schedule
from kehu.core.model import LOST_REASONS, TouchFacts
from kehu.core.rules import Rules
from kehu.store import migrations, rows
from kehu.store.db import open_database
from kehu.store.touches import rules_fingerprint

BENCH_DIR = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 23)
# --overdue: what a user gets after importing years of Excel history — every contact called 10
# times between January and September 2026, nobody since, "today" 2026-11-25: everyone is due.
OVERDUE_TODAY = dt.date(2026, 11, 25)
OVERDUE_HISTORY = (dt.date(2026, 1, 5), dt.date(2026, 9, 30))
DEFAULT_CONTACTS = 10_000
LARGE_CONTACTS = 100_000
TOUCHES_PER_CONTACT = 10
HISTORY_DAYS = 200
DEFAULT_REPEAT = 15
SEED = 20261123
# Bump when the generated book changes, so an old bench database is rebuilt, not reused.
BOOK_FORMAT = "1"
OVERDUE = False  # set by --overdue: the all-overdue book (OVERDUE_TODAY, OVERDUE_HISTORY)
CHUNK_CONTACTS = 5_000  # contacts generated and written per executemany batch

# Budgets above the floor (`python -c "import typer, rich.table"`), in ms.
ZH_BUDGET_MS = 10.0  # a Chinese run over an English one (gettext, the catalogue)
HELP_BUDGET_MS = 50
HOT_BUDGET_MS = {DEFAULT_CONTACTS: 150, LARGE_CONTACTS: 400}  # `kehu due` and `kehu log`

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤") + [
    "欧阳", "司马", "诸葛", "上官"]
GIVEN_NAMES = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍鹏辉建红") + [
    "志强", "秀英", "晓明", "海燕", "建国", "丽华", "文博", "子涵", "雨轩", "浩然", "欣怡", "梓萱",
    "俊杰", "家豪", "思远", "佳琪", "国庆", "春梅", "金凤", "宏伟", "晓东", "婷婷", "一鸣", "嘉怡"]
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆", "苏州", "天津",
          "长沙", "郑州", "青岛", "宁波", "厦门", "合肥", "昆明", "大连", "沈阳", "济南", "福州", "温州"]
COMPANIES = ["华通科技", "金桥贸易", "东方建材", "瑞丰物流", "恒信保险", "中联汽车", "新世纪地产", "天润食品",
             "博远教育", "海纳医疗", "鼎盛机械", "鸿运家居", "星河传媒", "宏达化工", "安泰装饰", "蓝天旅游",
             "Acme Trading", "Pacific Logistics", None, None]
TITLES = ["总经理", "采购经理", "销售总监", "老板", "财务", "行政主管", "工程师", "店长", None]
CHANNELS = ["call", "call", "call", "wechat", "wechat", "visit", "sms", "email", "meeting"]
OUTCOMES = ["good"] * 30 + ["neutral"] * 45 + ["bad"] * 10 + ["none"] * 15
NOTES = ["聊了报价", "客户在出差", "约下周见面", "发了产品资料", "问了孩子的学校", "对价格有顾虑", "需要和老板商量",
         "送了中秋月饼", "生日祝福", "谈了合同细节", None, None]
TODOS = ["发报价单", "寄样品", "约饭", "发合同", "回复技术问题"]
TAGS = ["展会", "转介绍", "老客户", "VIP", "电话开发", "同乡"]

CONTACT_COLUMNS = (
    "id", "name", "name_pinyin", "name_initials", "company", "title", "tier", "phone", "email", "wechat",
    "city", "hometown", "note", "created_on", "archived", "stage", "paused_until", "sequence_start",
    "closed_at", "won_value", "won_after", "lost_reason", "follow_ups_done", "reference_on",
    "last_touch_on", "attempt_on", "next_on", "todo", "todo_on", "todo_due", "complaint_open", "complaint_due",
    "last_care_on", "sweep_on", "sweep_reason",
    "side_on", "due_on", "due_kind", "due_follow_up",
    "due_interval", "care_on", "care_interval",
)
TOUCH_COLUMNS = (
    "id", "contact_id", "at", "channel", "note", "outcome", "care", "cost", "next_on", "todo",
    "follow_up", "logged_at",
)


# --------------------------------------------------------------------------------------------
# Building the client book
# --------------------------------------------------------------------------------------------


@dataclass
class Book:
    """One batch of generated rows, ready for executemany."""

    contacts: list[tuple] = field(default_factory=list)
    touches: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)


class PinyinCache:
    """`core.names.name_keys` per distinct name (pypinyin is slow; names repeat a lot)."""

    def __init__(self) -> None:
        from kehu.core.names import name_keys

        self._name_keys = name_keys
        self._keys: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str) -> tuple[str, str]:
        keys = self._keys.get(name)
        if keys is None:
            keys = self._keys[name] = self._name_keys(name)
        return keys



def bench_rules():
    """The rules `kehu` itself runs with when there is no config file (China's working days)."""
    import os

    from kehu import config

    os.environ["KEHU_CONFIG"] = str(BENCH_DIR / "no-such-config.toml")
    return config.load_config().rules

def random_touch_times(rng: random.Random) -> list[dt.datetime]:
    """10 moments on distinct days over the last HISTORY_DAYS days (the all-overdue book: between
    OVERDUE_HISTORY's days), oldest first, whole seconds."""
    if OVERDUE:
        first, last = ((TODAY - day).days for day in OVERDUE_HISTORY)
        days_ago = sorted(rng.sample(range(last, first + 1), TOUCHES_PER_CONTACT), reverse=True)
    else:
        days_ago = sorted(rng.sample(range(1, HISTORY_DAYS), TOUCHES_PER_CONTACT), reverse=True)
    return [
        dt.datetime.combine(TODAY - dt.timedelta(days=d), dt.time(rng.randint(8, 20), rng.randrange(60), rng.randrange(60)))
        for d in days_ago
    ]


def times_start(rng: random.Random) -> dt.date:
    """The latest day a contact can have been added: before its first touch."""
    return OVERDUE_HISTORY[0] - dt.timedelta(days=1) if OVERDUE else TODAY


def random_touch(rng: random.Random, at: dt.datetime, lead: bool) -> TouchFacts:
    """What happened at one touch; a lead never got an answer. The all-overdue book: answered calls."""
    if OVERDUE:
        return TouchFacts(at=at, care=False, outcome=rng.choice(("good", "neutral")), next_on=None, todo=None)
    care = not lead and rng.random() < 0.1
    outcome = "none" if lead else ("good" if care else rng.choice(OUTCOMES))
    next_on = at.date() + dt.timedelta(days=rng.randint(7, 45)) if rng.random() < 0.05 else None
    todo = rng.choice(TODOS) if not care and rng.random() < 0.05 else None
    return TouchFacts(at=at, care=care, outcome=outcome, next_on=next_on, todo=todo)


def random_contact_plan(rng: random.Random, times: list[dt.datetime]) -> dict:
    """Where the contact stands: open, won, lost, paused, re-pursued or archived."""
    roll = 1.0 if OVERDUE else rng.random()  # the all-overdue book: every deal still open
    plan = {"stage": "lead", "lead": False, "archived": 0, "paused_until": None, "sequence_start": None,
            "closed_at": None, "won_value": None, "lost_reason": None}
    if roll < 0.05:
        plan["lead"] = True  # ten unanswered attempts: still a lead
    elif roll < 0.15:
        plan.update(stage="won", closed_at=times[rng.randint(4, 7)] + dt.timedelta(hours=2),
                    won_value=float(rng.randint(1, 50) * 10_000))
    elif roll < 0.23:
        plan.update(stage="lost", closed_at=times[rng.randint(3, 8)] + dt.timedelta(hours=2),
                    lost_reason=rng.choice(LOST_REASONS))
    elif roll < 0.26:
        plan["sequence_start"] = times[4] - dt.timedelta(hours=1)  # a `pursue`: a new deal
    elif roll < 0.29:
        plan["paused_until"] = TODAY + dt.timedelta(days=rng.randint(3, 60))
    elif roll < 0.30:
        plan["archived"] = 1
    return plan


def generate_book(first_id: int, count: int, first_touch_id: int, rng: random.Random, pinyin: PinyinCache,
                  rules: Rules) -> Book:
    """Contacts first_id … first_id+count-1 with their touches, summaries and due dates.

    The summary columns are what `store.touches.refresh_contact` would store: the same
    `summarise` over the same touch facts (whole-second times, as read back from SQLite), the
    same `stage_after_touches`, and `next_due` on the row read back through `rows.contact_state`.
    """
    book = Book()
    touch_id = first_touch_id
    for contact_id in range(first_id, first_id + count):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        name_pinyin, initials = pinyin(name)
        tier = rng.choices("ABCD", weights=(10, 25, 40, 25))[0]
        company = rng.choice(COMPANIES)
        created_on = min(TODAY - dt.timedelta(days=rng.randint(HISTORY_DAYS, HISTORY_DAYS + 40)), times_start(rng))
        times = random_touch_times(rng)
        plan = random_contact_plan(rng, times)
        facts = [random_touch(rng, at, plan["lead"]) for at in times]

        numbers, state = summarise(facts, plan["sequence_start"], plan["closed_at"])
        stage = stage_after_touches(plan["stage"], state)
        state_row = (
            contact_id, name, tier, stage, created_on.isoformat(), company, rows.iso_day(plan["paused_until"]),
            state.follow_ups_done, rows.iso_day(state.reference_on), rows.iso_day(state.last_touch_on),
            rows.iso_day(state.attempt_on), rows.iso_day(state.next_on), state.todo, rows.iso_day(state.todo_on),
            rows.iso_day(state.todo_due), 0, None, rows.iso_day(state.last_care_on), None, None,
        )
        contact_state = rows.contact_state(state_row)
        planned = schedule(contact_state, rules)
        side_on = min((s.due for s in event_schedules(contact_state) if not s.always), default=None)
        values = dict(zip(rows.STATE_COLUMNS, state_row))
        values.update(
            name_pinyin=name_pinyin, name_initials=initials, title=rng.choice(TITLES),
            phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}", email=None,
            wechat=f"wx_{name_pinyin}{contact_id}" if rng.random() < 0.5 else None,
            city=rng.choice(CITIES), hometown=rng.choice(CITIES) if rng.random() < 0.4 else None,
            note=None, archived=plan["archived"], sequence_start=rows.iso_moment(plan["sequence_start"]),
            closed_at=rows.iso_moment(plan["closed_at"]), won_value=plan["won_value"],
            won_after=state.follow_ups_done if stage == "won" else None, lost_reason=plan["lost_reason"],
            **rows.schedule_columns(planned, care_schedule(contact_state, rules)), side_on=rows.iso_day(side_on),
        )
        book.contacts.append(tuple(values[c] for c in CONTACT_COLUMNS))

        for touch, number in zip(facts, numbers):
            at = rows.iso_moment(touch.at)
            channel = "call" if OVERDUE else "gift" if touch.care and rng.random() < 0.5 else rng.choice(CHANNELS)
            cost = float(rng.randint(50, 800)) if channel == "gift" else None
            book.touches.append((touch_id, contact_id, at, channel, rng.choice(NOTES), touch.outcome, int(touch.care),
                                 cost, rows.iso_day(touch.next_on), touch.todo, number, at))
            touch_id += 1
        if rng.random() < 0.3:
            book.tags += [(contact_id, tag) for tag in rng.sample(TAGS, rng.randint(1, 2))]
    return book


def batches(n: int, rules: Rules) -> Iterator[Book]:
    """The whole book in batches of CHUNK_CONTACTS contacts (bounded memory at 1M touches)."""
    rng = random.Random(SEED)
    pinyin = PinyinCache()
    for first in range(1, n + 1, CHUNK_CONTACTS):
        count = min(CHUNK_CONTACTS, n + 1 - first)
        yield generate_book(first, count, (first - 1) * TOUCHES_PER_CONTACT + 1, rng, pinyin, rules)


def book_format() -> str:
    return BOOK_FORMAT + ("-overdue" if OVERDUE else "")


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_database(path: Path, n: int) -> float:
    """Create the bench database at `path` from scratch; returns the seconds it took."""
    started = time.perf_counter()
    remove_database(path)
    rules = bench_rules()
    db = open_database(path)  # creates kehu's schema
    conn = db.conn
    conn.execute("PRAGMA foreign_keys=OFF")  # every touch's contact is written first
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")  # 256 MB
    contact_sql = f"INSERT INTO contact ({', '.join(CONTACT_COLUMNS)}) VALUES ({', '.join('?' * len(CONTACT_COLUMNS))})"
    touch_sql = f"INSERT INTO touch ({', '.join(TOUCH_COLUMNS)}) VALUES ({', '.join('?' * len(TOUCH_COLUMNS))})"
    conn.execute("BEGIN IMMEDIATE")
    for book in batches(n, rules):
        conn.executemany(contact_sql, book.contacts)
        conn.executemany(touch_sql, book.touches)
        conn.executemany("INSERT INTO contact_tag (contact_id, tag) VALUES (?, ?)", book.tags)
    set_meta(conn, "rules_fingerprint", rules_fingerprint(rules))
    set_meta(conn, "bench_contacts", str(n))
    set_meta(conn, "bench_format", book_format())
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA optimize")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - started
    set_meta(conn, "bench_build_seconds", f"{seconds:.1f}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return seconds


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (key, value))


def reusable_build_seconds(path: Path, n: int) -> float | None:
    """The recorded build time of an existing bench database of the right size, else None."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] != migrations.SCHEMA_VERSION:
                return None
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
            touches = conn.execute("SELECT count(*) FROM touch").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    fits = (
        meta.get("bench_format") == book_format() and meta.get("bench_contacts") == str(n) and contacts == n
        and touches >= n * TOUCHES_PER_CONTACT and meta.get("rules_fingerprint") == rules_fingerprint(bench_rules())
    )
    return float(meta.get("bench_build_seconds", "nan")) if fits else None


def check_against_refresh_contact(path: Path, sample: int = 300) -> int:
    """Run the real `refresh_contact` on a sample of contacts and require identical rows.

    Everything happens in a transaction that is rolled back: the database is left as built.
    Returns how many contacts were checked.
    """
    from kehu.store.touches import refresh_contact

    db = open_database(path)
    conn = db.conn
    rules = bench_rules()
    ids = [r[0] for r in conn.execute("SELECT id FROM contact")]
    chosen = random.Random(SEED).sample(ids, min(sample, len(ids)))

    def snapshot(contact_id: int) -> tuple:
        contact = conn.execute("SELECT * FROM contact WHERE id = ?", (contact_id,)).fetchone()
        numbers = conn.execute("SELECT id, follow_up FROM touch WHERE contact_id = ? ORDER BY id", (contact_id,)).fetchall()
        return contact, numbers

    before = {cid: snapshot(cid) for cid in chosen}
    conn.execute("BEGIN IMMEDIATE")
    try:
        for cid in chosen:
            refresh_contact(conn, cid, rules)
        after = {cid: snapshot(cid) for cid in chosen}
    finally:
        conn.execute("ROLLBACK")
        db.close()
    wrong = [cid for cid in chosen if before[cid] != after[cid]]
    if wrong:
        cid = wrong[0]
        raise SystemExit(f"bench database disagrees with refresh_contact for {len(wrong)} contacts, e.g. #{cid}:\n"
                         f"  built:   {before[cid]}\n  refresh: {after[cid]}")
    return len(chosen)


def describe_database(path: Path) -> dict:
    """Counts and size of the bench database as it is now."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        touches = conn.execute("SELECT count(*) FROM touch").fetchone()[0]
        stages = dict(conn.execute("SELECT stage, count(*) FROM contact GROUP BY stage"))
        active_ids = [r[0] for r in conn.execute("SELECT id FROM contact WHERE archived = 0 ORDER BY id")]
    finally:
        conn.close()
    size = sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists())
    return {"contacts": contacts, "touches": touches, "stages": stages, "db_bytes": size,
            "due_today": count_due_today(path), "active_ids": active_ids}


def count_due_today(path: Path) -> int:
    """How many items `kehu due` finds today (what its table summarises)."""
    from kehu.store.contacts import due_facts

    db = open_database(path)
    try:
        return len(due_items(due_facts(db.conn, TODAY), bench_rules(), TODAY))
    finally:
        db.close()


# --------------------------------------------------------------------------------------------
# Timing the commands
# --------------------------------------------------------------------------------------------


@dataclass
class Command:
    """One timed command line; `argv(i)` gives the i-th run's arguments."""

    label: str
    argv: Callable[[int], list[str]]
    target_ms: float | None = None  # budget above the floor
    env: dict[str, str] = field(default_factory=dict)  # what this command sets beside the common environment
    samples_ms: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)


def kehu_command_line() -> list[str]:
    """The installed `kehu` script beside this interpreter (else `python -m kehu`, noted)."""
    script = Path(sys.executable).with_name("kehu")
    if script.exists():
        return [str(script)]
    print(f"note: no `kehu` script beside {sys.executable}; timing `python -m kehu` instead "
          "(install with `pip install -e .`)", file=sys.stderr)
    return [sys.executable, "-m", "kehu"]


def hot_budget_ms(n: int) -> float:
    """The `due`/`log` budget: +150 ms up to 10k contacts, +400 ms beyond (the 100k budget)."""
    return HOT_BUDGET_MS[DEFAULT_CONTACTS] if n <= DEFAULT_CONTACTS else HOT_BUDGET_MS[LARGE_CONTACTS]


def timed_commands(active_ids: list[int], rounds: int, n: int) -> list[Command]:
    """The commands to time, in round-robin order; log and show get a different contact each run."""
    kehu = kehu_command_line()
    picked = random.Random(SEED + 1).sample(active_ids, min(len(active_ids), 2 * rounds))
    log_ids, show_ids = picked[0::2], picked[1::2]

    def one_of(ids: list[int], i: int) -> str:
        return str(ids[i % len(ids)])

    return [
        Command("floor: python -c \"import typer, rich.table\"", lambda i: [sys.executable, "-c", "import typer, rich.table"]),
        Command("python -c pass", lambda i: [sys.executable, "-c", "pass"]),
        Command("kehu --help", lambda i: [*kehu, "--help"], HELP_BUDGET_MS),
        Command("kehu due", lambda i: [*kehu, "due"], hot_budget_ms(n)),
        Command("kehu due, in Chinese (KEHU_LANG=zh_CN)", lambda i: [*kehu, "due"], env={"KEHU_LANG": "zh_CN"}),
        Command("kehu log <id> --note bench", lambda i: [*kehu, "log", one_of(log_ids, i), "--note", "bench"], hot_budget_ms(n)),
        Command("kehu show <id>", lambda i: [*kehu, "show", one_of(show_ids, i)]),
    ] + ([
        Command("kehu due --json", lambda i: [*kehu, "due", "--json"]),
        Command("kehu digest", lambda i: [*kehu, "digest"]),
        Command("kehu stats", lambda i: [*kehu, "stats"]),
        Command("kehu occasions", lambda i: [*kehu, "occasions"]),
        Command("kehu list --tier A", lambda i: [*kehu, "list", "--tier", "A"]),
        Command("kehu export --format json", lambda i: [*kehu, "export", "--format", "json"]),
    ] if OVERDUE else [])


def command_environment(db_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("KEHU_LANG", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "PYTHONPROFILEIMPORTTIME",
                        "PYTHONDONTWRITEBYTECODE")}  # users run from .pyc files: the warm-up writes them
    env.update(KEHU_DB=str(db_path), KEHU_CONFIG=str(BENCH_DIR / "no-such-config.toml"),
               KEHU_TODAY=TODAY.isoformat())
    return env


def time_one_run(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one whole process, in ms; a failing command stops the benchmark."""
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed (exit {done.returncode}):\n{done.stderr.decode(errors='replace')}")
    return elapsed


def run_rounds(commands: list[Command], env: dict[str, str], repeat: int) -> None:
    """One warm-up round (not recorded), then `repeat` rounds, each command once per round."""
    for command in commands:
        time_one_run(command.argv(repeat), env | command.env)  # warm-up: page cache, .pyc files
    for i in range(repeat):
        for command in commands:
            command.samples_ms.append(time_one_run(command.argv(i), env | command.env))


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


def results_table(commands: list[Command]) -> str:
    floor = commands[0].median_ms
    lines = ["| command | median ms | vs floor (+ms) | target (+ms) | ok? |", "|---|---:|---:|---:|:---:|"]
    for i, c in enumerate(commands):
        above = c.median_ms - floor
        vs_floor = "—" if i == 0 else f"{above:+.0f}"
        target = f"≤ +{c.target_ms:.0f}" if c.target_ms is not None else "—"
        ok = "—" if c.target_ms is None else ("yes" if above <= c.target_ms else "**NO**")
        lines.append(f"| `{c.label}` | {c.median_ms:.0f} | {vs_floor} | {target} | {ok} |")
    return "\n".join(lines)


def machine_info() -> dict:
    return {"cpu_count": os.cpu_count(), "python": platform.python_version(),
            "implementation": platform.python_implementation(), "platform": platform.platform(),
            "sqlite": sqlite3.sqlite_version, "executable": sys.executable}


def print_report(n: int, facts: dict, build: dict, machine: dict, repeat: int, commands: list[Command]) -> None:
    stages = ", ".join(f"{k} {v:,}" for k, v in sorted(facts["stages"].items()))
    print(f"## kehu benchmark — {n:,} contacts\n")
    print(f"- contacts: {facts['contacts']:,} ({stages}); touches: {facts['touches']:,}; "
          f"due today: {facts['due_today']:,}")
    print(f"- database: {build['path']} — {facts['db_bytes'] / 1e6:.1f} MB")
    if build["fresh"]:
        print(f"- build: {build['seconds']:.1f} s (built now; {build['checked']} sampled contacts match refresh_contact)")
    else:
        print(f"- build: {build['seconds']:.1f} s when it was built (reused now; --rebuild to build again)")
    print(f"- machine: {machine['cpu_count']} CPUs, {machine['implementation']} {machine['python']}, "
          f"SQLite {machine['sqlite']}, {machine['platform']}")
    print(f"- runs: 1 warm-up + {repeat} interleaved rounds; KEHU_TODAY={TODAY}; median wall time per process\n")
    print(results_table(commands))
    by_label = {c.label: c for c in commands}
    en, zh = by_label["kehu due"], by_label["kehu due, in Chinese (KEHU_LANG=zh_CN)"]
    extra = statistics.median(z - e for z, e in zip(zh.samples_ms, en.samples_ms))
    print(f"\nChinese costs {extra:+.1f} ms over English on `kehu due` (median of the rounds' differences; "
          f"budget ≤ +{ZH_BUDGET_MS:.0f} ms): {'yes' if extra <= ZH_BUDGET_MS else '**NO**'}")


def results_json(n: int, facts: dict, build: dict, machine: dict, repeat: int, commands: list[Command]) -> dict:
    floor = commands[0].median_ms
    return {
        "contacts": facts["contacts"], "touches": facts["touches"], "due_today": facts["due_today"],
        "stages": facts["stages"], "db_bytes": facts["db_bytes"], "db_path": str(build["path"]),
        "build_seconds": round(build["seconds"], 1), "built_now": build["fresh"], "repeat": repeat,
        "machine": machine,
        "commands": [
            {"command": c.label, "median_ms": round(c.median_ms, 1), "vs_floor_ms": round(c.median_ms - floor, 1),
             "target_ms": c.target_ms, "ok": None if c.target_ms is None else c.median_ms - floor <= c.target_ms,
             "min_ms": round(min(c.samples_ms), 1), "max_ms": round(max(c.samples_ms), 1),
             "samples_ms": [round(s, 1) for s in c.samples_ms]}
            for c in commands
        ],
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", action="store_true", help=f"{LARGE_CONTACTS:,} contacts instead of {DEFAULT_CONTACTS:,}")
    parser.add_argument("--contacts", type=int, metavar="N", help="number of contacts (overrides --large)")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, metavar="R", help="timed rounds (default %(default)s)")
    parser.add_argument("--rebuild", action="store_true", help="build the database again even if it exists")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    parser.add_argument("--postgres", action="store_true",
                        help="also time the book on a throw-away PostgreSQL team database, as one of 10 reps (bench/postgres_bench.py)")
    parser.add_argument("--overdue", action="store_true",
                        help="the all-overdue book (10 calls each, Jan–Sep 2026, today 2026-11-25) and more commands")
    args = parser.parse_args(argv)
    if args.contacts is None:
        args.contacts = LARGE_CONTACTS if args.large else DEFAULT_CONTACTS
    if args.contacts < 1 or args.repeat < 1:
        parser.error("--contacts and --repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.overdue:
        global OVERDUE, TODAY
        OVERDUE, TODAY = True, OVERDUE_TODAY
    n = args.contacts
    path = BENCH_DIR / (f"bench-overdue-{n}.db" if OVERDUE else f"bench-{n}.db")
    seconds = None if args.rebuild else reusable_build_seconds(path, n)
    build = {"path": path, "fresh": seconds is None, "seconds": seconds, "checked": None}
    if seconds is None:
        print(f"building {path.name}: {n:,} contacts × {TOUCHES_PER_CONTACT} touches…", file=sys.stderr)
        build["seconds"] = build_database(path, n)
        build["checked"] = check_against_refresh_contact(path)
        print(f"built in {build['seconds']:.1f} s; {build['checked']} contacts match refresh_contact", file=sys.stderr)
    if args.postgres:
        sys.path.insert(0, str(BENCH_DIR))
        from postgres_bench import run as run_postgres

        result = run_postgres(path, n, args.repeat, command_environment(path), kehu_command_line(), time_one_run, TODAY)
        if args.json:
            print(json.dumps(result, indent=2))
        return
    facts = describe_database(path)
    commands = timed_commands(facts.pop("active_ids"), args.repeat, n)
    run_rounds(commands, command_environment(path), args.repeat)
    facts = describe_database(path)  # after the logs: the final counts
    facts.pop("active_ids")
    machine = machine_info()
    print_report(n, facts, build, machine, args.repeat, commands)
    if args.json:
        print()
        print(json.dumps(results_json(n, facts, build, machine, args.repeat, commands), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
