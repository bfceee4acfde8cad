"""Matching what the user typed (WHO) to contacts: ids, names, prefixes, pinyin."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_ID = re.compile(r"^#?([1-9]\d{0,17})$")  # "007" is a name, not an id; nor are 19+ digits (SQLite's integers end at 2**63)

# Match levels, best first: the first level with any match decides.
EXACT, PINYIN_EXACT, PREFIX, PINYIN_PREFIX, INITIALS, SUBSTRING = range(6)


@dataclass(frozen=True)
class Candidate:
    """A contact as name matching sees it; pinyin is stored on the contact at write time."""

    id: int
    name: str
    pinyin: str  # full pinyin, no spaces, lower case ("zhangsan"); the name itself for Latin names
    initials: str  # "zs"
    company: str | None = None
    city: str | None = None
    archived: bool = False


def parse_id(who: str) -> int | None:
    """`12` or `#12` → 12; anything else → None."""
    m = _ID.match(who.strip())
    return int(m.group(1)) if m else None


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Émile" → "emile" (Chinese is unchanged)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def pinyin_key(text: str) -> str:
    """A query or name folded for pinyin comparison: lower case, no spaces, dots or dashes."""
    return re.sub(r"[\s.\-_']", "", text).casefold()


def without_umlaut(key: str) -> str:
    """ü however it is typed — ü, v (pypinyin's and IMEs' spelling), u, or yu after l/n (Lyu, the
    passport spelling) — as u: 吕布 is "lvbu", "lübu", "lubu" and "lyubu" alike."""
    return re.sub(r"(?<=[ln])yu", "u", key.replace("ü", "v")).replace("v", "u")


def umlaut_spelling(key: str) -> str:
    """The stored (pypinyin) spelling of a query's possible ü: "lubu" → "lvbu", for an indexed search."""
    return re.sub(r"(?<=[ln])(?:yu|u|ü)", "v", key)


def match_level(query: str, c: Candidate) -> int | None:
    """How well `query` names candidate `c` (a level above), or None."""
    q = fold(query.replace("ü", "v").strip())
    name = fold(c.name)
    key = pinyin_key(q)
    latin = bool(key) and key.isascii()
    if name == q:
        return EXACT
    spelled, pinyin = without_umlaut(key), without_umlaut(c.pinyin)
    if latin and pinyin == spelled:
        return PINYIN_EXACT
    if name.startswith(q):
        return PREFIX
    if latin and len(key) >= 2 and pinyin.startswith(spelled):  # "ou" finds 欧阳, "si" 司马
        return PINYIN_PREFIX
    if latin and c.initials == key:
        return INITIALS
    if q in name:
        return SUBSTRING
    return None


def best_matches(query: str, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates at the best match level (one: found; several: ambiguous; none: unknown)."""
    levels: dict[int, list[Candidate]] = {}
    for c in candidates:
        level = match_level(query, c)
        if level is not None:
            levels.setdefault(level, []).append(c)
    return levels[min(levels)] if levels else []


def closest_names(query: str, names: list[str], n: int = 3) -> list[str]:
    """Names that look like a misspelling of `query`, for the "did you mean" line."""
    return difflib.get_close_matches(query, names, n=n, cutoff=0.5)


# Surnames read otherwise than the character's everyday reading, which is what pypinyin gives
# (曾国藩 is Zeng Guofan, not "Ceng"): a leading surname is read from here. pypinyin has no
# surname mode (python-pinyin issue #297); the list is the common part of that table.
SURNAME_READINGS = {
    "万俟": ("mo", "qi"), "尉迟": ("yu", "chi"), "单于": ("chan", "yu"), "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"), "乐正": ("yue", "zheng"), "仉督": ("zhang", "du"), "子车": ("zi", "ju"),
    "曾": ("zeng",), "单": ("shan",), "解": ("xie",), "仇": ("qiu",), "查": ("zha",), "乐": ("yue",),
    "朴": ("piao",), "区": ("ou",), "盖": ("ge",), "缪": ("miao",), "翟": ("zhai",), "覃": ("qin",),
    "柏": ("bai",), "秘": ("bi",), "繁": ("po",), "种": ("chong",), "重": ("chong",), "员": ("yun",),
    "贠": ("yun",), "华": ("hua",), "过": ("guo",), "纪": ("ji",), "冼": ("xian",), "瞿": ("qu",),
    "折": ("she",), "佴": ("nai",), "粘": ("nian",), "藏": ("zang",), "都": ("du",), "六": ("lu",),
    "薄": ("bo",), "盛": ("sheng",), "宿": ("su",), "卜": ("bu",), "牟": ("mou",), "乜": ("nie",),
    "阚": ("kan",), "召": ("shao",), "句": ("gou",), "尉": ("wei",), "燕": ("yan",),
}


def everyday_readings(candidates: list[Candidate]) -> list[Candidate]:
    """The contacts whose name starts with a surname read its own way, keyed instead by the
    characters' everyday reading: many type 乐嘉 as "lejia", and older kehu stored 曾 as "ceng"."""
    from dataclasses import replace

    found = []
    for c in candidates:
        stripped = c.name.strip()
        # ... and names with a rare character, which an older kehu could not read at all (𠮷田: "tian").
        if stripped[:2] in SURNAME_READINGS or stripped[:1] in SURNAME_READINGS or has_rare_characters(stripped):
            words = syllables(stripped)
            found.append(replace(c, pinyin="".join(words), initials="".join(w[0] for w in words)))
    return found


def syllables(text: str) -> list[str]:
    """The pinyin of `text`, a folded word per syllable; Latin words as they are spelled (张三 →
    ["zhang", "san"], "John 王" → ["john", "wang"]); symbols and emoji are dropped. A character
    beyond pypinyin's own dictionary (𠮷, a Japanese-Chinese surname) is read through the full
    zdic dictionary of pypinyin-dict, loaded only when such a character turns up."""
    chunks = _lazy_pinyin(text)
    # (A reading is ASCII: only a chunk that is not can hold a character left unread.)
    if any(not chunk.isascii() and any(is_cjk(ch) for ch in chunk) for chunk in chunks) and _load_rare_readings():
        _CHAR_READINGS.clear()
        chunks = _lazy_pinyin(text)
    # fold() of ASCII is its lower case: the readings of a name of 10,000 skip the Unicode work.
    words = (_NOT_KEY.sub("", w.lower() if w.isascii() else fold(w)) for chunk in chunks for w in chunk.split())
    return [w for w in words if w]


_NOT_KEY = re.compile(r"[^0-9a-z]")


_CHAR_READINGS: dict[str, str] = {}  # a character's reading on its own, as pypinyin gives it


def _lazy_pinyin(text: str) -> list[str]:
    """pypinyin's lazy_pinyin(text), the same list, faster for names (an import reads thousands):
    pypinyin reads each run of Chinese characters on its own (pypinyin.seg.simpleseg), and a run
    none of whose stretches is one of its phrases is read a character at a time — each
    character's reading is then remembered. A run holding a phrase (重庆) is read by pypinyin."""
    from pypinyin import lazy_pinyin  # 0.2 s to import: only when a name or place is read this way
    from pypinyin.constants import PHRASES_DICT, RE_HANS
    from pypinyin.seg.simpleseg import simple_seg

    chunks: list[str] = []
    for run in simple_seg(text):
        if not RE_HANS.match(run):
            chunks.append(run)  # as pypinyin gives what it cannot read
        elif any(run[i:j] in PHRASES_DICT for i in range(len(run)) for j in range(i + 2, len(run) + 1)):
            chunks += lazy_pinyin(run)
        else:
            for ch in run:
                if (reading := _CHAR_READINGS.get(ch)) is None:
                    reading = _CHAR_READINGS[ch] = lazy_pinyin(ch)[0]
                chunks.append(reading)
    return chunks


def has_rare_characters(text: str) -> bool:
    """Whether `text` holds a Chinese character pypinyin's own dictionary lacks (𠮷)."""
    from pypinyin.pinyin_dict import pinyin_dict

    return any(is_cjk(ch) and ord(ch) not in pinyin_dict for ch in text)


_rare_loaded = False


def _load_rare_readings() -> bool:
    """Add pypinyin-dict's zdic readings to pypinyin (once); False when they add nothing new."""
    global _rare_loaded
    if _rare_loaded:
        return False
    _rare_loaded = True
    try:
        from pypinyin_dict.pinyin_data import zdic
    except ImportError:
        return False
    from pypinyin import load_single_dict
    from pypinyin.pinyin_dict import pinyin_dict

    # Only the characters pypinyin lacks: its own readings of the others (曾 ceng) must not change
    # with whether a rare name happened to be read first.
    load_single_dict({code: reading for code, reading in zdic.pinyin_dict.items() if code not in pinyin_dict})
    return True


def split_name(name: str) -> tuple[str, str]:
    """(family, given) for a vCard's N: 张三 → (张, 三), 欧阳修 → (欧阳, 修), John Smith → (Smith,
    John), Emma 王 → (王, Emma). A single word is all family name."""
    words = name.split()
    if len(words) > 1 and all(is_cjk(ch) for ch in words[0]):  # 王 小明: family name first
        return words[0], " ".join(words[1:])
    if len(words) > 1:
        return words[-1], " ".join(words[:-1])
    if name and all(is_cjk(ch) for ch in name) and len(name) > 1:
        size = 2 if len(name) > 2 and (name[:2] in SURNAME_READINGS or name[:2] in COMPOUND_SURNAMES) else 1
        return name[:size], name[size:]
    return name, ""


def is_cjk(ch: str) -> bool:
    """A Chinese (CJK unified) character."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


# Two-character surnames read as their characters (those read otherwise are in SURNAME_READINGS).
COMPOUND_SURNAMES = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "公孙", "慕容", "令狐", "夏侯", "宇文", "司徒",
                     "端木", "独孤", "南宫", "西门", "轩辕", "呼延", "申屠", "太史", "闻人", "公冶", "宗政", "濮阳",
                     "淳于", "拓跋", "钟离", "百里", "东郭", "左丘", "梁丘", "第五"}


def places_spelled(query: str, places: list[str]) -> list[str]:
    """The places (cities, hometowns as stored) that a pinyin query spells, as whole syllables at
    the end of the name, before a 市/省/县/区: "lanzhou" → 兰州, 兰州市, 甘肃兰州; "xian" → 西安,
    not 咸阳 (xianyang) or 湘潭. Chinese queries are matched as text by the caller."""
    key = pinyin_key(fold(query))
    if not key or not key.isascii() or not key.isalpha():
        return []
    found = []
    for place in places:
        words = syllables(re.sub(r"[市省县区]$", "", place.strip()))
        if any("".join(words[i:]) == key for i in range(len(words))):
            found.append(place)
    return found


def name_keys(name: str) -> tuple[str, str]:
    """The (full pinyin, initials) stored with a contact: 张三 → ("zhangsan", "zs"), a leading
    surname read as a surname (曾国藩 → ("zengguofan", "zgf")).

    Latin words keep their spelling ("John Smith" → ("johnsmith", "js")); emoji and other
    symbols are dropped from the keys (they still match by name).
    """
    stripped = name.strip()
    surname = next((s for s in (stripped[:2], stripped[:1]) if s in SURNAME_READINGS), "")
    rest = stripped[len(surname):] if surname else name
    words = [*SURNAME_READINGS.get(surname, ()), *syllables(rest)]
    return "".join(words), "".join(w[0] for w in words)
