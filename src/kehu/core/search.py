"""What `kehu find` matches: text as typed, or the pinyin of Chinese text spelled in whole syllables."""

from __future__ import annotations

import functools
import re

from kehu.core.names import fold, is_cjk, pinyin_key, syllables

_PINYIN_QUERY = re.compile(r"[a-z]{2,}")
_LATIN_WORD = re.compile(r"[0-9a-z]+")


def is_pinyin_query(query: str) -> bool:
    """True when the query could spell Chinese in pinyin ("baojia", "bao jia"): Latin letters only."""
    return bool(_PINYIN_QUERY.fullmatch(pinyin_key(fold(query))))


@functools.lru_cache(maxsize=None)
def _reading(ch: str) -> str:
    # One character at a time: a book of 100,000 notes holds a few thousand distinct characters,
    # so pypinyin runs a few thousand times, not once per note (each character's usual reading).
    words = syllables(ch)
    return words[0] if words else ""


def _spelled(text: str) -> list[str]:
    """The syllables of a text: each Chinese character's pinyin, each Latin word as spelled."""
    words: list[str] = []
    latin = []
    for ch in fold(text):
        if is_cjk(ch):
            words += _LATIN_WORD.findall("".join(latin))
            latin = []
            words.append(_reading(ch))
        else:
            latin.append(ch)
    return words + _LATIN_WORD.findall("".join(latin))


def text_matches(query: str, text: str | None) -> bool:
    """Whether `text` contains `query`: as text (case- and accent-insensitive), or, for a Latin
    query, as the pinyin of a run of whole syllables ("baojia" and "bao jia" find 报价单,
    "aoji" finds nothing)."""
    if not text:
        return False
    if fold(query.strip()) in fold(text):
        return True
    if not is_pinyin_query(query):
        return False
    key = pinyin_key(fold(query))
    words = _spelled(text)
    for start in range(len(words)):
        spelled = ""
        for word in words[start:]:
            spelled += word
            if spelled == key:
                return True
            if not key.startswith(spelled):
                break
    return False
