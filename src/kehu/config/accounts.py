"""`[accounts]` in the config file: the selection matrix's thresholds, the tier each quadrant
suggests, the multi-threading window and the SPIN templates of `kehu prep` (core.accounts)."""

from __future__ import annotations

from kehu.core.accounts import QUADRANTS, AccountSettings
from kehu.core.call_prep import SPIN_FIELDS, SPIN_KEYS
from kehu.core.model import TIERS
from kehu.errors import UsageError
from kehu.i18n import _

KEYS = {"high_attractiveness", "high_strength", "threading_days", "tier", "spin"}


def read_accounts(doc: dict, source: str, read) -> AccountSettings:
    """The [accounts] table, checked key by key (read: config.file._Reader)."""
    defaults = AccountSettings()
    table = _table(doc, "accounts", source)
    _known(table, "accounts", KEYS, source)
    scores = {}
    for key in ("high_attractiveness", "high_strength"):
        value = table.get(key, getattr(defaults, key))
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise read.fail(f"accounts.{key}", _("a whole number from 1 to 5"), value)
        if key in table:
            read.sources[f"accounts.{key}"] = source
        scores[key] = value
    threading = read.days(table, "threading_days", "accounts.threading_days")
    tiers = dict(defaults.tiers)
    own_tiers = _table(table, "tier", source, "accounts.tier")
    _known(own_tiers, "accounts.tier", set(QUADRANTS), source)
    for quadrant, tier in own_tiers.items():
        if tier not in TIERS:
            raise read.fail(f"accounts.tier.{quadrant}", _("a tier: A, B, C or D"), tier)
        tiers[quadrant] = tier
        read.sources[f"accounts.tier.{quadrant}"] = source
    spin = {}
    own_spin = _table(table, "spin", source, "accounts.spin")
    _known(own_spin, "accounts.spin", set(SPIN_KEYS), source)
    for key, template in own_spin.items():
        dotted = f"accounts.spin.{key}"
        if not isinstance(template, str) or not 0 < len(template.strip()) <= 500:
            raise read.fail(dotted, _("a short text"), template)
        import string  # 1.5 ms: only for a config that writes its own prompts

        try:
            used = {f for _text, f, _spec, _conv in string.Formatter().parse(template) if f is not None}
        except ValueError:
            used = {"{"}
        if unknown := used - set(SPIN_FIELDS):
            raise UsageError(_("config {path}: {key} uses {{{field}}}; a template can use {fields}").format(
                path=source, key=dotted, field=sorted(unknown)[0], fields=", ".join(f"{{{f}}}" for f in SPIN_FIELDS)))
        spin[key] = template.strip()
        read.sources[dotted] = source
    return AccountSettings(high_attractiveness=scores["high_attractiveness"], high_strength=scores["high_strength"],
                           tiers=tiers, threading_days=threading or defaults.threading_days, spin=spin)


def account_values(settings: AccountSettings) -> list[tuple[str, object]]:
    """Every [accounts] setting as (dotted key, value), for `kehu config`."""
    from kehu.core.call_prep import spin_templates

    rows: list[tuple[str, object]] = [("accounts.high_attractiveness", settings.high_attractiveness),
                                      ("accounts.high_strength", settings.high_strength),
                                      ("accounts.threading_days", settings.threading_days)]
    rows += [(f"accounts.tier.{q}", settings.tiers[q]) for q in QUADRANTS]
    return rows + [(f"accounts.spin.{k}", v) for k, v in spin_templates(settings).items()]


def _table(doc: dict, key: str, source: str, dotted: str | None = None) -> dict:
    value = doc.get(key, {})
    if not isinstance(value, dict):
        raise UsageError(_("config {path}: [{key}] must be a table").format(path=source, key=dotted or key))
    return value


def _known(table: dict, where: str, known: set[str], source: str) -> None:
    for key in table:
        if key not in known:
            raise UsageError(_("config {path}: unknown key {key!r} in [{where}]; known: {known}").format(
                path=source, key=key, where=where, known=", ".join(sorted(known))))
