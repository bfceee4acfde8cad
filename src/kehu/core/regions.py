"""Places within a region: a sweep of 甘肃 reaches the contacts in 兰州 and 天水.

China's administrative divisions come from data/regions.tsv (GB/T 2260 codes: the first two
digits name the province, four the prefecture, six the county; its source is named in the
file). A region is a province or a prefecture, written in full (甘肃省, 天水市) or short (甘肃,
天水). A contact's city or hometown is within it when it names a place whose code lies under
the region's code: 兰州, 兰州市, 甘肃兰州 and 秦州区 are all in 甘肃."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache

# Endings a short name drops (longest first): 广西壮族自治区 → 广西, 天水市 → 天水, 延边朝鲜族自治州 → 延边.
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "省", "市", "盟")


@lru_cache(maxsize=1)
def _places() -> tuple[tuple[str, str], ...]:
    """(code, name) of every place in the data file."""
    from importlib.resources import files

    text = files("kehu").joinpath("data", "regions.tsv").read_text(encoding="utf-8")
    return tuple(tuple(line.split("\t")) for line in text.splitlines() if line and not line.startswith("#"))


def short_name(name: str) -> str:
    """甘肃省 → 甘肃, 天水市 → 天水; a county keeps its full name (秦州区), as does a name the
    ending would leave a single character (沙市)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stripped = name[: -len(suffix)]
            for people in ("蒙古族", "朝鲜族", "藏族", "彝族", "土家族", "苗族", "布依族", "侗族", "哈尼族", "傣族", "景颇族",
                           "白族", "傈僳族", "壮族", "回族", "哈萨克", "柯尔克孜", "蒙古", "羌族"):
                if stripped.endswith(people) and len(stripped) - len(people) >= 2:  # 延边朝鲜族 → 延边
                    stripped = stripped[: -len(people)]
            return stripped
    return name


def _is_region(code: str) -> bool:
    return code.endswith("00")  # a province (xx0000) or a prefecture (xxxx00)


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Name, full and short, → code prefix of every province and prefecture (甘肃 → "62")."""
    found: dict[str, str] = {}
    for code, name in _places():
        if _is_region(code):
            prefix = code[:2] if code.endswith("0000") else code[:4]
            for key in (name, short_name(name)):
                found.setdefault(key, prefix)
    return found


def region_code(place: str) -> str | None:
    """The code prefix of the province or prefecture `place` names ("62" for 甘肃), or None."""
    return _regions().get(place.strip())


def _names_within(prefix: str) -> list[str]:
    """The names a place within the region goes by: full names, and short ones of 2 characters
    or more for prefectures (兰州); counties by full name only (城区 and 郊区 are everywhere)."""
    names = []
    for code, name in _places():
        if code.startswith(prefix):
            names.append(name)
            if _is_region(code):
                names.append(short_name(name))
    return sorted(set(names), key=len, reverse=True)


def places_within(place: str, known: Iterable[str]) -> list[str]:
    """Which of the `known` places (the book's cities and hometowns, as typed) lie within the
    province or prefecture `place` names; empty when `place` names neither."""
    prefix = region_code(place)
    if prefix is None:
        return []
    names = _names_within(prefix)
    return [k for k in known if any(name in k for name in names)]


def near_misses(place: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Places the user may have meant: a known place or a region that sounds the same (兰洲 →
    兰州) or is written almost the same (兰卅 → 兰州)."""
    from kehu.core.names import name_keys

    typed = place.strip()
    if region_code(typed):
        return []  # a real province or prefecture where nobody lives: nothing was mistyped
    candidates = sorted((set(known) | {short_name(k) for k in known} | set(_regions())) - {typed})
    sound = name_keys(typed)[0]
    same_sound = [c for c in candidates if name_keys(c)[0] == sound and any(ch in typed for ch in c)]
    close = difflib.get_close_matches(typed, candidates, n=limit, cutoff=0.5)
    return list(dict.fromkeys(same_sound + close))[:limit]
