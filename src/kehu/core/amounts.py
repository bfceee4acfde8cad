"""Amounts of money as people type them: 1200, 1,200, 99.50, ¥300, 300元, 12万, 1.2万, 3千, ３００.

Pure: one parser for the command line (`--cost`, `--value`) and imported sheets (费用, 金额).
"""

from __future__ import annotations

import re
import unicodedata

from kehu.i18n import _

LARGEST = 1e12
FORMS = "120, 99.50, 1,200, ¥300, 300元, 12万, 1.2万, 3千"
# 1,200 and 12,345.67: commas only between groups of three digits ("99,50" is refused, never 9950).
_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?|\.\d+")
_SCALE = {"万": 10_000, "w": 10_000, "千": 1_000, "k": 1_000, "百万": 1_000_000, "亿": 100_000_000}
_CURRENCY = re.compile(r"^(?:¥|￥|rmb|cny|\$|€|£)\s*|\s*(?:元|块|块钱|人民币|rmb|cny|yuan)$", re.IGNORECASE)


class AmountError(ValueError):
    """Text that is not an amount; the message names the accepted forms."""


def parse_amount(text: str) -> float:
    """The amount `text` says, in the book's currency (a currency sign or 元 is accepted and dropped)."""
    words = unicodedata.normalize("NFKC", text).strip().replace("，", ",")  # full-width digits and commas
    bare = words
    for _pass in range(2):  # ¥1.2万元: a sign before, a unit after
        bare = _CURRENCY.sub("", bare).strip()
    scale = 1
    for word, factor in sorted(_SCALE.items(), key=lambda item: -len(item[0])):
        if bare.casefold().endswith(word):
            bare, scale = bare[: -len(word)].strip(), factor
            break
    if not _NUMBER.fullmatch(bare):
        raise AmountError(_("{text!r} is not an amount like {forms}").format(text=text, forms=FORMS))
    amount = round(float(bare.replace(",", "")) * scale, 2)
    if amount > LARGEST:
        raise AmountError(_("{text!r} is more than {largest:,.0f}").format(text=text, largest=LARGEST))
    return amount
