"""The one translation function every user-facing sentence goes through.

Today it returns the English text; a zh-CN interface will be a gettext catalogue looked up here
(`KEHU_LANG` / `LANG`), not a rewrite. Data (names, notes) is never passed through it.
"""

from __future__ import annotations

import os

_catalogue: dict[str, str] | None = None


def _load_catalogue() -> dict[str, str]:
    # gettext is imported only when a non-English language is asked for: it costs start-up time.
    lang = os.environ.get("KEHU_LANG", "")
    if not lang or lang.startswith("en"):
        return {}
    import gettext
    from pathlib import Path

    locale_dir = Path(__file__).parent / "locale"
    translation = gettext.translation("kehu", locale_dir, languages=[lang], fallback=True)
    return getattr(translation, "_catalog", {}) or {}


def _(message: str) -> str:
    """Translate a user-facing sentence (identity until a catalogue exists for the language)."""
    global _catalogue
    if _catalogue is None:
        _catalogue = _load_catalogue()
    return _catalogue.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural sentence for a count, translated ("1 client", "3 clients")."""
    return _(singular) if n == 1 else _(plural)


def N_(message: str) -> str:
    """Mark a sentence for the catalogue without translating it yet (it is translated when shown)."""
    return message
