"""Deals that are over: a touch of an earlier deal keeps the follow-up number it had while that
deal ran, after a `pursue` starts a new one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kehu.core.follow_up_numbers import number_touches
from kehu.core.model import TouchFacts


def number_closed_deals(touches: Sequence[TouchFacts], deals: Sequence[tuple[dt.datetime, dt.datetime]]) -> list[int | None]:
    """The follow-up number of each touch (sorted by time) within the closed deal it belongs to,
    (started, closed) as the deal table keeps them; None for a touch outside every deal (the
    care of a won client, say). Each deal is numbered as `number_touches` numbers a sequence."""
    numbers: list[int | None] = [None] * len(touches)
    for started, closed in deals:
        inside = [i for i, t in enumerate(touches) if started <= t.at <= closed]
        for i, n in zip(inside, number_touches([touches[i] for i in inside], started, closed)):
            numbers[i] = n
    return numbers


def keep_earlier_numbers(numbers: list[int | None], earlier: list[int | None], touches: Sequence[TouchFacts],
                         sequence_start: dt.datetime | None) -> list[int | None]:
    """The current sequence's numbers, with each touch before it numbered as in its own deal."""
    if sequence_start is None:
        return numbers
    return [old if n is None and t.at < sequence_start else n for n, old, t in zip(numbers, earlier, touches)]
