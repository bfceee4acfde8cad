"""The tables, declared once with SQLModel: the single source of truth for the schema.

SQLModel is imported only to create a fresh database or to check the schema in tests: at about
0.4 s it would cost the hot commands (`due`, `log`) more than their whole budget, so they read
and write through `sqlite3` in `store.contacts` / `store.touches`, and a test proves that code
and these models agree.
"""

from __future__ import annotations

import datetime as dt

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel


# AUTOINCREMENT: an id is never given again after its row is deleted (`rm --purge`, `touch rm`):
# calendar UIDs and the ids a user noted down keep meaning one thing (schema 3).
_NEVER_REUSED = {"sqlite_autoincrement": True}


class Contact(SQLModel, table=True):
    """A person in the client book, with the summary of their follow-up state."""

    __tablename__ = "contact"
    __table_args__ = (
        # Covers every column `kehu due` reads, so it never visits the table itself.
        Index("ix_contact_due", "archived", "due_on", "name", "company", "tier", "stage", "paused_until",
              "follow_ups_done", "last_touch_on", "todo", "due_kind", "due_follow_up", "due_interval"),
        Index("ix_contact_side", "archived", "side_on"),
        Index("ix_contact_care", "archived", "care_on", "name", "company", "tier", "stage", "paused_until",
              "follow_ups_done", "last_touch_on", "last_care_on", "created_on", "care_interval"),
        Index("ix_contact_name", "name"),
        Index("ix_contact_pinyin", "name_pinyin"),
        Index("ix_contact_initials", "name_initials"),
        # Deleting contacts sets their referrals to NULL: without it, each delete reads every contact
        # (undoing an import of 10,000 contacts took 16 s; 0.6 s with it). Schema 3.
        Index("ix_contact_referred_by", "referred_by"),
        Index("ix_contact_account", "account_id"),  # an account's people; deleting an account (a merge)
        _NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_pinyin: str = ""
    name_initials: str = ""
    company: str | None = None
    title: str | None = None
    tier: str = "C"
    phone: str | None = None
    email: str | None = None
    wechat: str | None = None
    city: str | None = None
    hometown: str | None = None
    note: str | None = None
    referred_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("contact.id", ondelete="SET NULL"))
    )
    created_on: dt.date
    archived: bool = False
    # Stage: lead | pursuing | won | lost; a pause is `paused_until` in the future.
    stage: str = "lead"
    paused_until: dt.date | None = None
    sequence_start: NaiveDatetime | None = None  # a `pursue` starts a new sequence (a new deal)
    closed_at: NaiveDatetime | None = None  # when it was won or lost
    won_value: float | None = None
    won_after: int | None = None  # the follow-up number the deal closed after
    lost_reason: str | None = None
    # The follow-up state summarised from the touches (core.follow_up_numbers.summarise), so that
    # `kehu due` reads one indexed row per contact and never the history.
    follow_ups_done: int = -1
    reference_on: dt.date | None = None
    last_touch_on: dt.date | None = None
    attempt_on: dt.date | None = None
    next_on: dt.date | None = None
    todo: str | None = None
    todo_on: dt.date | None = None
    todo_due: dt.date | None = None
    # The contact's core.next_follow_up.schedule under the rules in meta.rules_fingerprint: `kehu due` reads
    # these instead of recomputing the cadence for every contact.
    sweep_on: dt.date | None = None  # a major event hit their city or hometown, nobody called yet
    sweep_reason: str | None = None
    last_care_on: dt.date | None = None  # the last care touch (嘘寒问暖), for the care rhythm
    complaint_open: bool = False  # a complaint waits for `kehu resolve`
    complaint_due: dt.date | None = None  # resolve-by date, then the follow-up call after resolving
    due_on: dt.date | None = None
    due_kind: str | None = None
    due_follow_up: int | None = None
    due_interval: int | None = None
    side_on: dt.date | None = None  # the first day a complaint or a sweep's call is listed (indexed)
    # The care call (core.next_follow_up.care_schedule), kept like the follow-up schedule: `kehu due` reads
    # it from one covering index instead of computing it for every won and key client.
    care_on: dt.date | None = None
    care_interval: int | None = None
    # Key accounts (schema 5): the company this person works for, as an account (core.accounts),
    # their part in its buying decisions and their social style. Last, as the upgrade adds them.
    account_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("account.id", ondelete="SET NULL"))
    )
    role: str | None = None  # decision | rule | user | gatekeeper
    style: str | None = None  # analytical | driver | amiable | expressive


class ContactTag(SQLModel, table=True):
    """A free-form tag on a contact."""

    __tablename__ = "contact_tag"
    __table_args__ = (Index("ix_contact_tag_tag", "tag"),)

    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True)
    )
    tag: str = Field(primary_key=True)


class Touch(SQLModel, table=True):
    """One touchpoint: a call, visit, message, gift…"""

    __tablename__ = "touch"
    __table_args__ = (Index("ix_touch_contact_at", "contact_id", "at", "cost"), Index("ix_touch_at", "at"), _NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False)
    )
    at: NaiveDatetime  # local time, as the user lives it
    channel: str = "call"
    note: str | None = None
    outcome: str = "neutral"
    care: bool = False
    cost: float | None = None
    next_on: dt.date | None = None
    todo: str | None = None
    follow_up: int | None = None  # computed by core.follow_up_numbers.number_touches
    logged_at: NaiveDatetime


class Deal(SQLModel, table=True):
    """A closed sequence: won, lost as a prospect, or a client churned. The funnel and churn
    figures of `kehu stats` are counted from these rows (the contact row only knows the current one)."""

    __tablename__ = "deal"
    __table_args__ = (Index("ix_deal_contact", "contact_id"), Index("ix_deal_closed", "closed_at"), _NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False)
    )
    started_at: NaiveDatetime
    closed_at: NaiveDatetime
    outcome: str  # won | lost | churned (a won client who left)
    closed_after: int  # the last follow-up number before it closed (-1: no touch)
    value: float | None = None
    reason: str | None = None  # for lost and churned


class Complaint(SQLModel, table=True):
    """A client's complaint (DOMAIN.md §5): open until resolved, then a follow-up call is due."""

    __tablename__ = "complaint"
    __table_args__ = (Index("ix_complaint_contact", "contact_id"), _NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False)
    )
    opened_at: NaiveDatetime
    text: str
    resolve_by: dt.date
    resolved_at: NaiveDatetime | None = None
    resolution: str | None = None
    call_due: dt.date | None = None  # the follow-up call after resolving


class ImportantDate(SQLModel, table=True):
    """A personal or family date of a contact: birthday, anniversary…, solar or lunar."""

    __tablename__ = "important_date"
    __table_args__ = (Index("ix_important_date_next", "next_on"), Index("ix_important_date_contact", "contact_id"),
                      _NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False)
    )
    label: str
    whose: str = "self"
    lunar: bool = False
    leap: bool = False
    year: int | None = None
    month: int
    day: int
    remind_days: int | None = None  # lead time; None: the tier's default
    next_on: dt.date  # the next occurrence (kept current by `kehu due`), for an indexed window


class Sweep(SQLModel, table=True):
    """A major event in a place (DOMAIN.md §4): everyone who lives there or comes from there."""

    __tablename__ = "sweep"
    __table_args__ = _NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    place: str
    reason: str
    created_at: NaiveDatetime
    last_touch_id: int = 0  # touches logged after it (a higher id), on or after its day, count as contact


class SweepContact(SQLModel, table=True):
    """Who a sweep reached out to."""

    __tablename__ = "sweep_contact"

    sweep_id: int = Field(sa_column=Column(Integer, ForeignKey("sweep.id", ondelete="CASCADE"), primary_key=True))
    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True)
    )


class Greeting(SQLModel, table=True):
    """A holiday greeting done for a contact (core.greetings): which holiday, which year's, and the
    touch that was it — deleting the touch undoes the greeting (schema 4)."""

    __tablename__ = "greeting"
    __table_args__ = (Index("ix_greeting_holiday", "holiday", "year", "contact_id", unique=True),
                      Index("ix_greeting_contact", "contact_id"), Index("ix_greeting_touch", "touch_id"), _NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False)
    )
    holiday: str  # its Chinese name: 春节
    year: int  # the solar year of the holiday's day
    touch_id: int = Field(sa_column=Column(Integer, ForeignKey("touch.id", ondelete="CASCADE"), nullable=False))


class Account(SQLModel, table=True):
    """A company the user sells to, worked through several of its people (DOMAIN.md §6, schema 5):
    its relationship stage and its place in the selection matrix."""

    __tablename__ = "account"
    __table_args__ = _NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    name: str  # as first written: 华为技术有限公司
    stage: str = "pre"  # pre | early | mid | partnership | synergy (core.accounts.STAGES)
    attractiveness: int | None = None  # 1–5: how attractive the client is to us
    strength: int | None = None  # 1–5: our strength with them relative to competitors
    created_on: dt.date


class AccountAlias(SQLModel, table=True):
    """Every name that means an account, by its normalised key (core.accounts.account_key): a
    contact whose company has one of these keys belongs to the account; a merge moves them."""

    __tablename__ = "account_alias"
    __table_args__ = (Index("ix_account_alias_account", "account_id"),)

    key: str = Field(primary_key=True)
    name: str  # the name as first written
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False)
    )


class AccountStage(SQLModel, table=True):
    """A move of an account from one stage to another: forward, back, or forward past a stage
    (forced, with its reason)."""

    __tablename__ = "account_stage"
    __table_args__ = (Index("ix_account_stage_account", "account_id"), _NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False)
    )
    at: NaiveDatetime
    stage_from: str
    stage_to: str
    forced: bool = False
    reason: str | None = None


class Meta(SQLModel, table=True):
    """Key/value facts about the database itself."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str


class UndoStep(SQLModel, table=True):
    """One change to the book that `kehu undo` can reverse: the command that made it, and when
    (store.undo; the last UNDO_STEPS are kept)."""

    __tablename__ = "undo_step"
    __table_args__ = _NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    label: str  # the command line, e.g. "kehu log 张伟"
    at: NaiveDatetime


class UndoRow(SQLModel, table=True):
    """A row as it was before a step changed it (its before-image), or the id of a row the step
    added: written by TEMP triggers (store.undo), replayed newest first by `kehu undo`."""

    __tablename__ = "undo_row"
    __table_args__ = (Index("ix_undo_row_step", "step_id"), _NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(
        sa_column=Column(Integer, ForeignKey("undo_step.id", ondelete="CASCADE"), nullable=False)
    )
    table_name: str
    op: str  # i (added: delete it), u (changed) or d (deleted): put `old` back
    row_id: int  # the row's rowid
    old: str | None = None  # JSON object of the row's columns before the step


def create_statements() -> list[str]:
    """The DDL of the current schema, for a fresh database."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = sqlite.dialect()
    statements = []
    for table in SQLModel.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)))
        statements += [str(CreateIndex(ix).compile(dialect=dialect)) for ix in sorted(table.indexes, key=lambda ix: ix.name)]
    return statements
