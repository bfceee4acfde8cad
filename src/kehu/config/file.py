"""The config file: defaults, the TOML file's values checked one by one, and where each came from.

Imported only by the commands that read settings (through `kehu.config.load_config`), so that
`kehu --help` and shell completion never pay for the domain types it builds.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from kehu.core.model import TIERS
from kehu.core.occasions import Occasions
from kehu.core.rules import Rules, TierCadence
from kehu.errors import UsageError
from kehu.i18n import _


@dataclass
class Config:
    """The effective configuration: the rules, plus where each value came from."""

    rules: Rules = field(default_factory=Rules)
    sources: dict[str, str] = field(default_factory=dict)  # dotted key → file path, for `kehu config`
    occasions: Occasions = field(default_factory=Occasions)
    # The file as read (its document, its path): [accounts] and [budget] are checked on first use
    # of `accounts` or `budget`, so `kehu log` and `kehu due` never pay for settings they do not
    # read; every command that shows accounts or spending checks them first.
    as_read: tuple[dict, str] = ({}, "")
    _accounts: object = field(default=None, repr=False)
    _budget: object = field(default=None, repr=False)

    @property
    def budget(self):
        """`[budget]`: core.budget.Budget."""
        return self._section("_budget", _budget)

    @property
    def accounts(self):
        """`[accounts]`: core.accounts.AccountSettings."""
        from kehu.config.accounts import read_accounts

        return self._section("_accounts", read_accounts)

    def _section(self, attribute: str, read_section):
        """A section read (and checked) on first use, kept, its sources added to the others."""
        if getattr(self, attribute) is None:
            doc, source = self.as_read
            read = _Reader(source)
            setattr(self, attribute, read_section(doc, source, read))
            self.sources.update(read.sources)
        return getattr(self, attribute)


def load_config(path: Path) -> Config:
    """Defaults overlaid with the config file, if there is one."""
    if not path.exists():
        return _apply({}, _("default"))
    import tomllib

    try:
        with path.open("rb") as f:
            doc = tomllib.load(f)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise UsageError(_("config file {path} is not valid TOML: {error}").format(path=path, error=e))
    except OSError as e:
        raise UsageError(_("can't read config file {path}: {error}").format(path=path, error=e.strerror))
    return _apply(doc, str(path))


MAX_DAYS = 3650  # ten years: anything longer is a typo, and would overflow date arithmetic
KNOWN = {
    "cadence": {"follow_up_days", "nurture_days", "promise_days"},
    "maintenance_days": set(TIERS),
    "tier": set(TIERS),
    "tier.*": {"follow_up_days", "nurture_days"},
    "urgency": {"per_day_overdue", "overdue_cap_days", "due", "zone", "stalled_early", "tier", "kind"},
    "urgency.tier": set(TIERS),
    "urgency.kind": {"first_contact", "follow_up", "promise", "nurture", "maintenance", "complaint", "complaint_call",
                     "care", "occasion", "greeting", "account"},
    "budget": set(TIERS) | {"currency"},
    "calendar": {"country", "shift_to_working_days", "feb29", "holidays", "days_off", "working_days"},
    "reminders": set(TIERS),
    "greetings": None,  # tiers, and holidays (checked by _greetings)
    "care": set(TIERS) | {"jitter"},
    "smtp": None,  # checked by smtp_settings
    "notify": None,  # checked by kehu.notify.settings
    "ui": {"language"},
    "accounts": None,  # checked by config.accounts
    "store": {"url"},  # a team database (read by kehu.config.db_target)
}


class _Reader:
    """Reads typed, bounded values out of the TOML document, remembering where each came from."""

    def __init__(self, source: str):
        self.source = source
        self.sources: dict[str, str] = {}

    def fail(self, dotted: str, expected: str, value) -> UsageError:
        return UsageError(_("config {path}: {key} must be {expected}, not {value!r}").format(
            path=self.source, key=dotted, expected=expected, value=value))

    def days(self, table: dict, key: str, dotted: str, low: int = 1) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_DAYS:
            raise self.fail(dotted, _("a whole number of days from {low} to {high}").format(low=low, high=MAX_DAYS), value)
        self.sources[dotted] = self.source
        return value

    def cadence(self, table: dict, key: str, dotted: str) -> tuple[int, ...] | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not value or any(
                isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= MAX_DAYS for v in value):
            raise self.fail(dotted, _("a list of whole numbers of days from 1 to {high}").format(high=MAX_DAYS), value)
        self.sources[dotted] = self.source
        # Follow-ups #1…#11 always exist: a shorter list repeats its last interval up to #11.
        return tuple(value) + (value[-1],) * (11 - len(value))

    def money(self, table: dict, key: str, dotted: str) -> float | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not 0 <= value <= 1e9:
            raise self.fail(dotted, _("an amount from 0 to 1,000,000,000"), value)
        self.sources[dotted] = self.source
        return float(value)

    def weight(self, table: dict, key: str, dotted: str) -> float | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or abs(value) > 1000:
            raise self.fail(dotted, _("a number from -1000 to 1000"), value)
        self.sources[dotted] = self.source
        return float(value)


def _check_keys(doc: dict, source: str) -> None:
    """Refuse unknown tables and keys: a typo such as `folow_up_days` must not silently do nothing."""
    def check(table, where: str, known: set[str]) -> None:
        for key in table if isinstance(table, dict) else ():
            if key not in known:
                raise UsageError(_("config {path}: unknown key {key!r} in [{where}]; known: {known}").format(
                    path=source, key=key, where=where, known=", ".join(sorted(known))))

    check(doc, _("the top level"), set(KNOWN) - {"tier.*", "urgency.tier", "urgency.kind"})
    for name in ("cadence", "maintenance_days", "urgency", "tier", "budget", "calendar", "reminders", "care"):
        check(doc.get(name), name, KNOWN[name])
    for tier, table in (doc.get("tier") or {}).items() if isinstance(doc.get("tier"), dict) else ():
        check(table, f"tier.{tier}", KNOWN["tier.*"])
    urgency = doc.get("urgency") if isinstance(doc.get("urgency"), dict) else {}
    for name in ("tier", "kind"):
        check(urgency.get(name), f"urgency.{name}", KNOWN[f"urgency.{name}"])


def _apply(doc: dict, source: str) -> Config:
    _check_keys(doc, source)
    read = _Reader(source)
    defaults = Rules()
    cadence = _table(doc, "cadence", source)
    follow = read.cadence(cadence, "follow_up_days", "cadence.follow_up_days")
    nurture = read.days(cadence, "nurture_days", "cadence.nurture_days")
    promise = read.days(cadence, "promise_days", "cadence.promise_days", low=0)
    maintenance = _table(doc, "maintenance_days", source)
    tier_tables = _table(doc, "tier", source)
    tiers = {}
    for tier, default in defaults.tiers.items():
        own = _table(tier_tables, tier, source, f"tier.{tier}")
        tiers[tier] = TierCadence(
            follow_up_days=_first(read.cadence(own, "follow_up_days", f"tier.{tier}.follow_up_days"), follow,
                                  default.follow_up_days),
            nurture_days=_first(read.days(own, "nurture_days", f"tier.{tier}.nurture_days"), nurture, default.nurture_days),
            maintenance_days=_first(read.days(maintenance, tier, f"maintenance_days.{tier}"), default.maintenance_days),
        )
    urgency = _table(doc, "urgency", source)
    weights = defaults.urgency
    changed: dict = {}
    for key in ("per_day_overdue", "due", "zone", "stalled_early"):
        if (value := read.weight(urgency, key, f"urgency.{key}")) is not None:
            changed[key] = value
    if (cap := read.days(urgency, "overdue_cap_days", "urgency.overdue_cap_days", low=0)) is not None:
        changed["overdue_cap_days"] = cap
    for name in ("tier", "kind"):
        table = _table(urgency, name, source, f"urgency.{name}")
        merged = dict(getattr(weights, name))
        for key in merged:
            if (value := read.weight(table, key, f"urgency.{name}.{key}")) is not None:
                merged[key] = value
        changed[name] = merged
    language = _table(doc, "ui", source).get("language")
    if language is not None and not (isinstance(language, str) and language.strip().lower()[:2] in ("en", "zh")):
        raise read.fail("ui.language", _('"en" or "zh_CN"'), language)
    if language is not None:
        read.sources["ui.language"] = source
    care = _table(doc, "care", source)
    care_days = {t: d for t in TIERS if (d := _first(read.days(care, t, f"care.{t}", low=0), defaults.care_days.get(t, 0)))}
    jitter = read.weight(care, "jitter", "care.jitter")
    if jitter is not None and not 0 <= jitter <= 0.5:
        raise read.fail("care.jitter", _("a share from 0 to 0.5"), jitter)
    rules = Rules(tiers=tiers, promise_days=_first(promise, defaults.promise_days), urgency=replace(weights, **changed),
                  calendar=_calendar(doc, source, read), care_days=care_days,
                  care_jitter=_first(jitter, defaults.care_jitter))
    return Config(rules=rules, sources=read.sources, occasions=_occasions(doc, source, read), as_read=(doc, source))


def _calendar(doc: dict, source: str, read: "_Reader"):
    from kehu.config.work_calendar import work_calendar
    from kehu.core.calendar import custom_day

    table = _table(doc, "calendar", source)
    country = table.get("country", "CN")
    if not isinstance(country, str) or not (2 <= len(country) <= 3 and country.isalpha()):
        raise read.fail("calendar.country", _("a country code such as \"CN\" or \"US\""), country)
    shift = table.get("shift_to_working_days", True)
    if not isinstance(shift, bool):
        raise read.fail("calendar.shift_to_working_days", _("true or false"), shift)
    custom = _table(table, "holidays", source, "calendar.holidays")
    for key, name in custom.items():
        try:
            if not (len(key) in (5, 10) and custom_day(key, 2024 if len(key) == 5 else int(key[:4])) is not None):
                raise ValueError
        except ValueError:
            raise UsageError(_("config {path}: [calendar.holidays] key {key!r} is not a day; use MM-DD or YYYY-MM-DD").format(
                path=source, key=key)) from None
        if not isinstance(name, str):
            raise read.fail(f"calendar.holidays.{key}", _("the holiday's name, in quotes"), name)
    notice = _notice(table, source, read)
    for key in ("country", "shift_to_working_days", "holidays", "days_off", "working_days"):
        if key in table:
            read.sources[f"calendar.{key}"] = source
    return work_calendar(country.upper(), shift, custom, notice)


def _notice(table: dict, source: str, read: "_Reader"):
    """`days_off` and `working_days` of [calendar]: a holiday notice newer than kehu's data."""
    from kehu.config.work_calendar import Notice, read_notice_days

    lists = {}
    for key in ("days_off", "working_days"):
        entries = table.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise read.fail(f"calendar.{key}", _('a list of days in quotes: ["2027-02-06..2027-02-12 春节", "2027-10-01"]'),
                            entries)
        try:
            lists[key] = read_notice_days(entries)
        except ValueError as e:
            raise UsageError(_("config {path}: calendar.{key} entry {entry!r} is not a day (YYYY-MM-DD) or a range of "
                               "up to a month (YYYY-MM-DD..YYYY-MM-DD), optionally followed by its name").format(
                path=source, key=key, entry=str(e.args[0]) if e.args else "")) from None
    working = set(lists["working_days"])
    if clash := sorted(working & set(lists["days_off"])):
        raise UsageError(_("config {path}: {day} is both in calendar.days_off and calendar.working_days").format(
            path=source, day=clash[0]))
    return Notice(lists["days_off"], working) if lists["days_off"] or working else None


def _occasions(doc: dict, source: str, read: "_Reader") -> Occasions:
    defaults = Occasions()
    reminders = _table(doc, "reminders", source)
    lead = {t: _first(read.days(reminders, t, f"reminders.{t}", low=0), defaults.lead_days[t]) for t in TIERS}
    greetings_table = _table(doc, "greetings", source)
    greetings = dict(defaults.greetings)
    for tier in TIERS:
        if tier in greetings_table:
            greetings[tier] = _short_text(read, greetings_table[tier], f"greetings.{tier}")
    feb29 = _table(doc, "calendar", source).get("feb29", defaults.feb29)
    if feb29 not in ("feb28", "mar1"):
        raise read.fail("calendar.feb29", _("\"feb28\" or \"mar1\""), feb29)
    own_words = {t: w for t, w in greetings.items() if f"greetings.{t}" in read.sources}
    plans = _greetings(greetings_table, own_words, source, read) if own_words or set(greetings_table) - set(TIERS) else None
    return Occasions(lead_days=lead, greetings=greetings, feb29=feb29, greeting_plans=plans)


def _short_text(read: "_Reader", text, dotted: str) -> str:
    if not isinstance(text, str) or not 0 < len(text.strip()) <= 200:
        raise read.fail(dotted, _("a short text"), text)
    read.sources[dotted] = read.source
    return text.strip()


_PLAN_KEYS = {"greeting", "channel", "gift", "budget", "lead_days"}


def _greetings(table: dict, own_words: dict[str, str], source: str, read: "_Reader"):
    """The plan per holiday and tier: kehu's defaults, the words of [greetings] A… for every
    holiday, and each [greetings."春节"] table (a holiday by any of its names: "spring" too)."""
    from kehu.core.columns import RowError, read_channel
    from kehu.core.greetings import GreetingSettings, find_holiday, holiday_forms

    settings = GreetingSettings()
    plans = {name: {t: p._replace(greeting=own_words.get(t, p.greeting)) for t, p in tiers.items()}
             for name, tiers in settings.plans.items()}
    tasks = dict(settings.tasks)
    for key, value in table.items():
        if key in TIERS:
            continue
        holiday = find_holiday(key)
        if holiday is None:
            raise UsageError(_("config {path}: unknown key {key!r} in [greetings]; known: A, B, C, D and a holiday: {forms}").format(
                path=source, key=key, forms=holiday_forms()))
        where = f"greetings.{holiday.name}"
        own = _table(table, key, source, where)
        for name in own:
            if name not in TIERS and name not in ("tasks", "lead_days"):
                raise UsageError(_("config {path}: unknown key {key!r} in [{where}]; known: {known}").format(
                    path=source, key=name, where=where, known="A, B, C, D, lead_days, tasks"))
        if "tasks" in own:
            if not isinstance(own["tasks"], bool):
                raise read.fail(f"{where}.tasks", _("true or false"), own["tasks"])
            tasks[holiday.name] = own["tasks"]
            read.sources[f"{where}.tasks"] = source
        lead = read.days(own, "lead_days", f"{where}.lead_days", low=0)
        for tier in TIERS:
            tier_table = _table(own, tier, source, f"{where}.{tier}")
            if unknown := set(tier_table) - _PLAN_KEYS:
                raise UsageError(_("config {path}: unknown key {key!r} in [{where}]; known: {known}").format(
                    path=source, key=sorted(unknown)[0], where=f"{where}.{tier}", known=", ".join(sorted(_PLAN_KEYS))))
            dotted = f"{where}.{tier}"
            plan = plans[holiday.name][tier]
            values: dict = {}
            if "greeting" in tier_table:
                values["greeting"] = _short_text(read, tier_table["greeting"], f"{dotted}.greeting")
            if "gift" in tier_table:
                values["gift"] = _short_text(read, tier_table["gift"], f"{dotted}.gift")
            if "channel" in tier_table:
                try:
                    values["channel"] = read_channel(str(tier_table["channel"]))
                except RowError as e:
                    raise UsageError(_("config {path}: {key}: {error}").format(path=source, key=f"{dotted}.channel", error=e)) from None
                read.sources[f"{dotted}.channel"] = source
            if (budget := read.money(tier_table, "budget", f"{dotted}.budget")) is not None:
                values["budget"] = budget
            tier_lead = read.days(tier_table, "lead_days", f"{dotted}.lead_days", low=0)
            if (days := _first(tier_lead, lead, plan.lead_days)) != plan.lead_days:
                values["lead_days"] = days
            plans[holiday.name][tier] = plan._replace(**values)
    return GreetingSettings(plans=plans, tasks=tasks)


def _budget(doc: dict, source: str, read: "_Reader"):
    from kehu.core.budget import Budget

    table = _table(doc, "budget", source)
    per_client = dict(Budget().per_client)
    for tier in TIERS:
        if (amount := read.money(table, tier, f"budget.{tier}")) is not None:
            per_client[tier] = amount
    currency = table.get("currency", Budget().currency)
    if not isinstance(currency, str) or not 0 < len(currency) <= 8:
        raise read.fail("budget.currency", _("a short text such as \"¥\" or \"EUR\""), currency)
    if "currency" in table:
        read.sources["budget.currency"] = source
    return Budget(per_client=per_client, currency=currency)


def _first(*values):
    """The first value that is set (0 counts as set)."""
    return next(v for v in values if v is not None)


def _table(doc: dict, key: str, source: str, dotted: str | None = None) -> dict:
    value = doc.get(key, {})
    if not isinstance(value, dict):
        raise UsageError(_("config {path}: [{key}] must be a table").format(path=source, key=dotted or key))
    return value


def effective_values(config: Config) -> list[tuple[str, object, str]]:
    """Every setting as (dotted key, value, source) for `kehu config`."""
    r = config.rules
    rows: list[tuple[str, object]] = [("cadence.promise_days", r.promise_days)]
    for tier in TIERS:
        t = r.tiers[tier]
        rows += [
            (f"tier.{tier}.follow_up_days", list(t.follow_up_days)),
            (f"tier.{tier}.nurture_days", t.nurture_days),
            (f"maintenance_days.{tier}", t.maintenance_days),
        ]
    w = r.urgency
    rows += [(f"urgency.{k}", getattr(w, k)) for k in ("per_day_overdue", "overdue_cap_days", "due", "zone", "stalled_early")]
    rows += [(f"urgency.tier.{k}", v) for k, v in w.tier.items()]
    rows += [(f"urgency.kind.{k}", v) for k, v in w.kind.items()]
    rows += [(f"budget.{tier}", config.budget.per_client[tier]) for tier in TIERS]
    rows += [("budget.currency", config.budget.currency)]
    cal = r.calendar
    from kehu.config.work_calendar import coverage

    rows += [("calendar.country", cal.version.split(":")[0]), ("calendar.shift_to_working_days", cal.shift),
             ("calendar.feb29", config.occasions.feb29), ("calendar.holidays", dict(cal.custom)),
             ("calendar.days_off", len(notice.days_off) if (notice := cal.notice) else 0),
             ("calendar.working_days", len(notice.working_days) if notice else 0),
             ("calendar.years", coverage(cal, cal.version.split(":")[0], notice))]
    rows += [(f"reminders.{tier}", config.occasions.lead_days[tier]) for tier in TIERS]
    rows += [(f"greetings.{tier}", _(config.occasions.greetings[tier])) for tier in TIERS]
    holidays = config.occasions.holidays
    for name, plans in holidays.plans.items():
        rows += [(f"greetings.{name}.tasks", holidays.tasks.get(name, True))]
        for tier, plan in plans.items():
            rows += [(f"greetings.{name}.{tier}", {"greeting": _(plan.greeting), "channel": plan.channel,
                                                   "gift": _(plan.gift) if plan.gift else "", "budget": plan.budget,
                                                   "lead_days": plan.lead_days})]
    rows += [(f"care.{tier}", r.care_days.get(tier, 0)) for tier in TIERS] + [("care.jitter", r.care_jitter)]
    from kehu.config.accounts import account_values

    rows += account_values(config.accounts)
    found = [(key, value, _source(config, key)) for key, value in rows]
    from kehu.i18n import language_source

    return found + [("ui.language", *language_source())]


def smtp_values(path: Path) -> list[tuple[str, object, str]]:
    """The `[smtp]` settings, checked, as (dotted key, value, source); unset ones are left out."""
    import dataclasses

    smtp, given = _smtp(path)
    rows = []
    for f in dataclasses.fields(SmtpSettings):
        value = getattr(smtp, f.name)
        if value is not None:
            key = "from" if f.name == "sender" else f.name
            rows.append((f"smtp.{key}", value, str(path) if key in given else _("default")))
    return rows


def toml_value(value: object) -> str:
    """A setting as it is written in the config file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_value(str(k))} = {toml_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    return str(value)


def _source(config: Config, key: str) -> str:
    if key in config.sources:
        return config.sources[key]
    if key.startswith("greetings.") and (own := next((v for k, v in config.sources.items() if k.startswith(key + ".")), None)):
        return own  # a holiday's tier plan, set key by key
    # A tier's cadence inherits the [cadence] value when the tier sets none of its own.
    parts = key.split(".")
    if parts[0] == "tier" and f"cadence.{parts[2]}" in config.sources:
        return config.sources[f"cadence.{parts[2]}"]
    return _("default")


@dataclass(frozen=True)
class SmtpSettings:
    """`[smtp]` in the config: where `kehu digest --to` sends mail. Never a password in clear."""

    host: str | None = None
    port: int | None = None
    user: str | None = None
    starttls: bool = True
    ssl: bool = False  # SMTPS (usually port 465) instead of STARTTLS
    sender: str | None = None  # `from` in the file
    password_env: str = "KEHU_SMTP_PASSWORD"
    password_command: str | None = None  # e.g. "pass show smtp"
    timeout: float = 20.0
    to: str | None = None  # where `--to smtp` (and `[notify] targets = ["smtp"]`) mails the digest


def smtp_settings(path: Path) -> SmtpSettings:
    """The `[smtp]` table of the config file, checked."""
    return _smtp(path)[0]


def read_table(path: Path, name: str) -> dict:
    """One top-level table of the config file (`[smtp]`, `[notify]`), read on its own; {} when
    the file or the table is absent."""
    if not path.exists():
        return {}
    import tomllib

    try:
        with path.open("rb") as f:
            table = tomllib.load(f).get(name, {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as e:
        raise UsageError(_("config file {path} can't be read: {error}").format(path=path, error=e))
    if not isinstance(table, dict):
        raise UsageError(_("config {path}: [{name}] must be a table").format(path=path, name=name))
    return table


def _smtp(path: Path) -> tuple[SmtpSettings, set[str]]:
    """The checked `[smtp]` settings and the keys the file sets."""
    table = read_table(path, "smtp")
    if "password" in table:
        raise UsageError(_("config {path}: [smtp] password must not be stored in clear; set {env} or password_command (e.g. \"pass show smtp\")").format(
            path=path, env=table.get("password_env", "KEHU_SMTP_PASSWORD")))
    types = {"host": str, "port": int, "user": str, "starttls": bool, "ssl": bool, "from": str,
             "password_env": str, "password_command": str, "timeout": (int, float), "to": str}
    for key, value in table.items():
        if key not in types:
            raise UsageError(_("config {path}: unknown [smtp] key {key!r}; known: {keys}").format(
                path=path, key=key, keys=", ".join(types)))
        if not isinstance(value, types[key]) or (types[key] is int and isinstance(value, bool)):
            raise UsageError(_("config {path}: smtp.{key} has the wrong type ({value!r})").format(path=path, key=key, value=value))
    if "timeout" in table and not 0 < table["timeout"] <= 600:
        raise UsageError(_("config {path}: smtp.timeout must be seconds from 1 to 600, not {value!r}").format(path=path, value=table["timeout"]))
    if "to" in table:
        from kehu.notify.targets import ADDRESS

        if not ADDRESS.match(table["to"]):
            raise UsageError(_("config {path}: smtp.to must be an e-mail address (name@example.com), not {value!r}").format(
                path=path, value=table["to"]))
    if "port" in table and not 0 < table["port"] < 65536:
        raise UsageError(_("config {path}: smtp.port must be from 1 to 65535, not {value!r}").format(path=path, value=table["port"]))
    values = {("sender" if k == "from" else k): v for k, v in table.items()}
    return SmtpSettings(**values), set(table)


# Keys whose values open someone's mailbox or chat robot: never carried out of this machine.
_SECRET_KEY = re.compile(r"password|passwd|secret|token|webhook|api_?key|credential", re.IGNORECASE)
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def shareable_settings(text: str) -> str | None:
    """The config's settings for the hand-over file, as TOML rebuilt from what it says: no key
    that holds a secret (`password_command`, `secret_env`, `webhook`…) and no comment (a
    commented-out password is still a password). None when the text is not TOML."""
    import tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    return _toml(_without_secrets(doc))


def _without_secrets(value):
    if isinstance(value, dict):
        return {k: _without_secrets(v) for k, v in value.items() if not _SECRET_KEY.search(str(k))}
    if isinstance(value, list):
        return [_without_secrets(v) for v in value]
    return value


def _toml(doc: dict) -> str:
    """`doc` written as TOML: scalars first, then a [table] per nested table."""
    import json

    def key(k: str) -> str:
        return k if _BARE_KEY.fullmatch(k) else json.dumps(k, ensure_ascii=False)

    def value(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)  # TOML writes inf and nan as Python does
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + "}"
        return json.dumps(v if isinstance(v, str) else str(v), ensure_ascii=False)

    lines: list[str] = []

    def table(prefix: str, d: dict) -> None:
        scalars = [(k, v) for k, v in d.items() if not isinstance(v, dict)]
        if prefix and (scalars or not d):
            lines.append(f"\n[{prefix}]")
        lines.extend(f"{key(k)} = {value(v)}" for k, v in scalars)
        for k, v in d.items():
            if isinstance(v, dict):
                table(f"{prefix}.{key(k)}" if prefix else key(k), v)

    table("", doc)
    return "\n".join(lines).strip() + "\n" if lines else ""
