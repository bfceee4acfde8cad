"""What `kehu find` matches: text as typed, or the pinyin of Chinese text spelled in whole syllables."""

from __future__ import annotations

import re

from kehu.core.names import fold, pinyin_key, syllables

_PINYIN_QUERY = re.compile(r"[a-z]{2,}")


def is_pinyin_query(query: str) -> bool:
    """True when the query could spell Chinese in pinyin ("baojia", "bao jia"): Latin letters only."""
    return bool(_PINYIN_QUERY.fullmatch(pinyin_key(fold(query))))


def text_matches(query: str, text: str | None) -> bool:
    """Whether `text` contains `query`: as text (case- and accent-insensitive), or, for a Latin
    query, as the pinyin of whole syllables of it ("baojia" finds 报价单, "jia" does not find 价格
    unless 价 starts a syllable run: it does; "iaoj" finds nothing)."""
    if not text:
        return False
    if fold(query.strip()) in fold(text):
        return True
    if not is_pinyin_query(query):
        return False
    key = pinyin_key(fold(query))
    words = syllables(text)
    for start in range(len(words)):
        spelled = ""
        for word in words[start:]:
            spelled += word
            if spelled == key:
                return True
            if not key.startswith(spelled):
                break
    return False
