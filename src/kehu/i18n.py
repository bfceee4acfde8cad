"""The one translation function every user-facing sentence goes through.

The language is `KEHU_LANG`, else the config's `[ui] language`, else the locale (`LC_ALL`,
`LC_MESSAGES`, `LANG`): any `zh*` gives Chinese (the zh_CN catalogue), anything else English.
Catalogues are gettext's: `locale/<lang>/LC_MESSAGES/kehu.po`, compiled to `.mo` and shipped in
the package (tools/i18n.py extracts, updates and compiles them with Babel). Data (names, notes)
is never passed through `_`.
"""

from __future__ import annotations

import os

_catalogue: dict[str, str] | None = None
LANGUAGES = ("en", "zh_CN")


def language() -> str:
    """The interface language: "zh_CN" or "en" (see the module docstring for where it comes from)."""
    return language_source()[0]


def language_source() -> tuple[str, str]:
    """(the interface language, what chose it: KEHU_LANG, the config, a locale variable, or default)."""
    if chosen := os.environ.get("KEHU_LANG"):
        source = "KEHU_LANG"
    elif chosen := _configured_language():
        source = "[ui] language"
    else:
        source, chosen = next(((v, os.environ[v]) for v in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(v)),
                              ("default", ""))
    return ("zh_CN" if chosen.strip().lower().replace("-", "_").startswith("zh") else "en"), source


def _configured_language() -> str:
    """`[ui] language` of the config file, read on its own: the full config needs `_` for its errors."""
    from pathlib import Path

    path = os.environ.get("KEHU_CONFIG")
    if path is None:
        import platformdirs

        path = Path(platformdirs.user_config_dir("kehu", appauthor=False)) / "config.toml"
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    if "language" not in text:  # most configs: no TOML parse on the way to the first sentence
        return ""
    import tomllib

    try:
        ui = tomllib.loads(text).get("ui", {})
    except tomllib.TOMLDecodeError:
        return ""  # the config's own check reports it, in English
    return ui.get("language", "") if isinstance(ui, dict) and isinstance(ui.get("language", ""), str) else ""


def _load_catalogue() -> dict[str, str]:
    """The compiled catalogue (locale/LANG/LC_MESSAGES/kehu.mo) of the interface language, read
    straight by gettext's .mo reader: gettext.translation()'s search costs more than the read."""
    lang = language()
    if lang == "en":
        return {}
    import gettext
    import os

    path = os.path.join(os.path.dirname(__file__), "locale", lang, "LC_MESSAGES", "kehu.mo")
    try:
        with open(path, "rb") as mo:
            return gettext.GNUTranslations(mo)._catalog
    except OSError:  # a language kehu has no catalogue for: English
        return {}


def _(message: str) -> str:
    """Translate a user-facing sentence (English when no catalogue has it)."""
    global _catalogue
    if _catalogue is None:
        _catalogue = _load_catalogue()
    return _catalogue.get(message) or message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural sentence for a count, translated ("1 client", "3 clients")."""
    return _(singular) if n == 1 else _(plural)


def N_(message: str) -> str:
    """Mark a sentence for the catalogue without translating it yet (it is translated when shown)."""
    return message


def reset() -> None:
    """Forget the chosen catalogue (tests switch languages within one process)."""
    global _catalogue
    _catalogue = None
