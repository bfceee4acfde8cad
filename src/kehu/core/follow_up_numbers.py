"""Follow-up numbering: how a contact's touches add up to "follow-up #N made"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kehu.core.model import SequenceState, TouchFacts


def number_touches(
    touches: Sequence[TouchFacts],
    sequence_start: dt.datetime | None = None,
    closed_at: dt.datetime | None = None,
) -> list[int | None]:
    """The follow-up number of each touch (touches sorted by time).

    A follow-up is a contact made on a day, whatever channels it used (DOMAIN.md §1): the first
    answered work touch of a day numbers it — the first of a sequence is the first contact (#0),
    each later day's follow-up #1, #2, … — and the other work touches of that day share its
    number. An unanswered attempt on a day not yet reached carries the number it tried for
    without using it up. Care touches, and touches outside the sequence (before a `pursue`,
    after `won`/`lost`), have no number.
    """
    numbers: list[int | None] = []
    done = -1
    reached_on: dt.date | None = None  # the day of the last follow-up made
    for touch in touches:
        in_sequence = (sequence_start is None or touch.at >= sequence_start) and (
            closed_at is None or touch.at <= closed_at
        )
        if touch.care or not in_sequence:
            numbers.append(None)
        elif touch.at.date() == reached_on:
            numbers.append(done)
        elif touch.answered:
            done += 1
            reached_on = touch.at.date()
            numbers.append(done)
        else:
            numbers.append(done + 1)
    return numbers


def same_day(touches: Sequence[TouchFacts], numbers: Sequence[int | None]) -> list[bool]:
    """Which touches belong to a follow-up an earlier touch of the same day already made
    (shown "same day" beside it rather than as a follow-up of their own)."""
    flags = []
    made: set[tuple[dt.date, int]] = set()
    for touch, number in zip(touches, numbers):
        key = (touch.at.date(), number)
        flags.append(number is not None and key in made)
        if number is not None and touch.answered:
            made.add(key)
    return flags


def summarise(
    touches: Sequence[TouchFacts],
    sequence_start: dt.datetime | None = None,
    closed_at: dt.datetime | None = None,
) -> tuple[list[int | None], SequenceState]:
    """Number the touches and reduce them to the state the due rules read."""
    numbers = number_touches(touches, sequence_start, closed_at)
    done = max(
        (n for n, t in zip(numbers, touches) if n is not None and t.answered), default=-1
    )
    current = [t for t in touches if sequence_start is None or t.at >= sequence_start]
    answered = [t for t in touches if t.answered]
    work = [t for t in current if not t.care]
    answered_work = [t for t in work if t.answered]
    anchor = answered_work[-1] if answered_work else None
    # "An explicit next date wins over the cadence until the next touch": only what was said on
    # the day of the last follow-up made, or after, still stands (a day's touches are one follow-up).
    standing = [t for t in current if anchor is None or t.at.date() >= anchor.at.date()]
    with_next = [t for t in standing if t.next_on]
    with_todo = [t for t in standing if t.todo]
    care = [t for t in answered if t.care]
    state = SequenceState(
        follow_ups_done=done,
        last_care_on=care[-1].at.date() if care else None,
        # Before a new deal's first answered touch the clock runs from the day it was pursued.
        reference_on=anchor.at.date() if anchor else (sequence_start.date() if sequence_start else None),
        last_touch_on=answered[-1].at.date() if answered else None,
        attempt_on=_unanswered_attempt(work, with_next, anchor),
        next_on=with_next[-1].next_on if with_next else None,
        todo=with_todo[-1].todo if with_todo else None,
        todo_on=with_todo[-1].at.date() if with_todo else None,
        todo_due=with_todo[-1].next_on if with_todo else None,
    )
    return numbers, state


def _unanswered_attempt(work: list[TouchFacts], with_next: list[TouchFacts],
                        anchor: TouchFacts | None) -> dt.date | None:
    """The day of a last work touch that went unanswered, to be retried the next working day —
    unless a date was named at or after it (`--outcome none --next 2026-12-01`), or that day's
    follow-up was already made (no answer to a thank-you message after the visit)."""
    if not work or work[-1].answered:
        return None
    if anchor is not None and anchor.at.date() == work[-1].at.date():
        return None
    if with_next and with_next[-1].at >= work[-1].at:
        return None
    return work[-1].at.date()


def stage_after_touches(stage: str, state: SequenceState) -> str:
    """An open contact is a lead until the first contact is made, then pursuing."""
    if stage in ("lead", "pursuing"):
        return "pursuing" if state.follow_ups_done >= 0 else "lead"
    return stage
