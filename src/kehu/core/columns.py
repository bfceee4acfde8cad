"""Reading a client book from a spreadsheet or a phone: which column is which, and what a row says.

Pure: rows arrive as dicts of strings; out come checked contact fields and touches, or a
`RowError` naming the row's problem in words a user can fix.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from kehu.core.amounts import AmountError, parse_amount
from kehu.core.fields import PROFILE_FIELDS, FieldError, clean_text, contact_name, profile_fields, tag
from kehu.core.model import CHANNELS, LOST_REASONS, OUTCOMES, TIERS
from kehu.i18n import N_, _

CONTACT_FIELDS = ("name", "company", "title", "tier", "phone", "email", "wechat", "city", "hometown", "birthday",
                  "lunar_birthday", "tags", "note", "met")
# A touch names its contact by id, or by name (and company, when two people share the name).
TOUCH_FIELDS = ("date", "id", "name", "company", "channel", "note", "outcome", "next", "todo", "cost")

# Headers as Excel and WPS sheets (客户跟进记录表) and exports write them, in English and Chinese.
HEADER_ALIASES = {
    "name": ("name", "full name", "contact", "client", "customer", "姓名", "名字", "客户", "客户名称", "客户姓名", "联系人"),
    "company": ("company", "organization", "organisation", "org", "公司", "单位", "企业", "公司名称", "所在公司"),
    "title": ("title", "job title", "position", "职位", "职务", "岗位", "头衔"),
    "tier": ("tier", "class", "level", "grade", "等级", "级别", "客户等级", "客户级别", "分类", "类别"),
    "phone": ("phone", "mobile", "tel", "telephone", "cell", "电话", "手机", "手机号", "手机号码", "联系电话", "电话号码",
              "联系方式"),
    "email": ("email", "e-mail", "mail", "邮箱", "电子邮件", "电子邮箱", "邮件"),
    "wechat": ("wechat", "weixin", "微信", "微信号"),
    "city": ("city", "location", "城市", "所在城市", "所在地", "地区"),
    "hometown": ("hometown", "home town", "origin", "籍贯", "老家", "家乡", "祖籍"),
    "birthday": ("birthday", "birth date", "date of birth", "dob", "生日", "出生日期", "阳历生日", "公历生日"),
    "lunar_birthday": ("lunar birthday", "农历生日", "阴历生日"),
    "tags": ("tags", "tag", "labels", "标签", "备注标签"),
    "note": ("note", "notes", "remark", "remarks", "comment", "备注", "说明", "情况", "跟进内容", "内容", "沟通内容", "记录"),
    "met": ("met", "first contact", "first met", "首次接触", "接洽日期", "首次联系", "认识日期"),
    "date": ("date", "when", "at", "日期", "时间", "跟进日期", "跟进时间", "联系日期", "拜访日期"),
    "channel": ("channel", "how", "method", "type", "方式", "跟进方式", "联系方式", "渠道", "沟通方式"),
    "outcome": ("outcome", "result", "结果", "跟进结果", "效果"),
    "next": ("next", "next date", "next follow-up", "下次跟进", "下次联系", "下次跟进日期", "下次联系时间"),
    "todo": ("todo", "promise", "action", "待办", "承诺", "下一步", "下一步行动"),
    "cost": ("cost", "amount", "spend", "费用", "花费", "金额"),
    "id": ("id", "contact id", "客户编号", "客户id", "联系人编号"),
}
CHANNEL_WORDS = {"电话": "call", "打电话": "call", "通话": "call", "拜访": "visit", "上门": "visit", "面谈": "visit",
                 "见面": "visit", "微信": "wechat", "企业微信": "wechat", "短信": "sms", "邮件": "email", "电邮": "email",
                 "会议": "meeting", "会面": "meeting", "开会": "meeting", "饭局": "meeting", "请客": "meeting", "吃饭": "meeting",
                 "礼品": "gift", "礼物": "gift", "送礼": "gift", "贺卡": "card", "卡片": "card", "明信片": "card",
                 "朋友圈": "social", "社交活动": "social", "点赞": "social", "其他": "other", "其它": "other"}
# Why clients leave (DOMAIN.md §2), as a salesperson says it.
LOST_WORDS = {"去世": "died", "过世": "died", "搬迁": "moved", "搬家": "moved", "离职": "moved", "调走": "moved",
              "竞争对手": "competitor", "对手": "competitor", "被抢": "competitor", "受人影响": "influence", "影响": "influence",
              "朋友推荐别家": "influence", "价格": "price", "太贵": "price", "价钱": "price", "投诉": "complaint",
              "不满": "complaint", "怠慢": "neglect", "冷落": "neglect", "没跟进": "neglect", "疏忽": "neglect", "其他": "other",
              "其它": "other"}
OUTCOME_WORDS = {"好": "good", "好的": "good", "顺利": "good", "一般": "neutral", "中": "neutral", "差": "bad",
                 "不好": "bad", "未接": "none", "未接通": "none", "没接": "none", "无人接听": "none", "未回复": "none"}


class RowError(ValueError):
    """A row that can't be imported; the message says why."""


def fold_header(text: str) -> str:
    return re.sub(r"[\s_\-:：*（）()]+", " ", text.strip().casefold()).strip()


def _aliases(fields: tuple[str, ...]) -> dict[str, str]:
    # A header means the first field that claims it: 联系方式 is the channel in a follow-up log
    # (TOUCH_FIELDS has no phone) and the phone in a contact sheet.
    found: dict[str, str] = {}
    for f in fields:
        for alias in HEADER_ALIASES.get(f, (f,)):
            found.setdefault(fold_header(alias), f)
    return found


_PERSON = {fold_header(a) for a in ("联系人", "姓名", "名字", "客户姓名", "contact", "contact person", "full name")}
_DUPLICATE_MARK = re.compile(r"\s*#\d+$")  # a second column of the same name: 电话, 电话 #2


def map_headers(headers: list[str], fields: tuple[str, ...], overrides: dict[str, str]) -> dict[str, str]:
    """{column header: field} for the columns kehu understands (`--map COLUMN=FIELD` wins).

    In a B2B sheet with a contact-person column (联系人), the customer column (客户名称) names the
    company, not the person."""
    aliases = _aliases(fields)
    mapping = {}
    for header in headers:
        key = fold_header(_DUPLICATE_MARK.sub("", header))
        if header in overrides:
            mapping[header] = overrides[header]
        elif key in aliases:
            mapping[header] = aliases[key]
    names = [h for h, f in mapping.items() if f == "name" and h not in overrides]
    person = [h for h in names if fold_header(h) in _PERSON]
    if "company" in fields and person and len(names) > 1 and "company" not in mapping.values():
        for header in names:
            if header not in person:
                mapping[header] = "company"
                break
    return {h: f for h, f in mapping.items() if f != "ignore"}


def find_header_row(table: list[list[str]], fields: tuple[str, ...], known: set[str] = frozenset(), limit: int = 10) -> int:
    """The index of the row that names the columns: row 0, unless one of the next rows names
    clearly more columns kehu knows (a sheet often has a title row, 客户跟进记录表, above them).
    `known`: headers named with --map."""
    aliases = _aliases(fields)
    scores = [sum(c.strip() in known or fold_header(c) in aliases for c in row if c) for row in table[:limit]]
    best = max(scores, default=0)
    return scores.index(best) if best >= 2 and best > scores[0] else 0


_SECOND_VALUES = ("phone", "email", "wechat")


def fields_of(raw: dict[str, str], columns: dict[str, str]) -> dict[str, str]:
    """A row keyed by field. When two columns mean one field (电话 and 手机) the first non-empty
    one wins; a second, different phone, e-mail or WeChat id is kept in the note ("手机: 138…")."""
    values: dict[str, str] = {}
    extras = []
    for header, value in raw.items():
        field_name = columns.get(header)
        if not field_name:
            continue
        if field_name not in values or not (values[field_name] or "").strip():
            values[field_name] = value
        elif field_name in _SECOND_VALUES and (value or "").strip() and value.strip() != values[field_name].strip():
            extras.append(f"{header}: {value.strip()}")
    if extras:
        values["note"] = "\n".join(x for x in ((values.get("note") or "").strip(), *extras) if x)
    return values


def unguard(text: str) -> str:
    """A cell as written before `safe_cell` guarded it: '=SUM… back to =SUM…."""
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


def _clean(raw: dict[str, str]) -> dict[str, str]:
    return {k: unguard((v or "").strip()) for k, v in raw.items()}


_DATE_FORMS = (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"))


def read_date(text: str, what: str) -> dt.date:
    """2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日 (a time after it is ignored)."""
    for form in _DATE_FORMS:
        m = form.match(text.strip())
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise RowError(_("{what} {text!r} is not a date like 2026-11-20").format(what=_(what), text=text))


def read_birthday(text: str) -> str:
    """A birthday cell as `kehu date` reads it (YYYY-MM-DD, or MM-DD when the year is unknown):
    1985-08-15, 1985/8/15, 1985年8月15日, 19850815, 08-15, 8/15, 8月15日."""
    text = text.strip()
    if re.match(r"(农历|阴历|旧历)", text):  # 农历八月十五 in a 生日 column: read as lunar by `kehu date`
        return text
    if re.fullmatch(r"(19|20)\d{6}(T[\d:Z+\-]*)?", text):  # 19850815, or vCard's 19850815T000000
        text = f"{text[:4]}-{text[4:6]}-{text[6:8]}"
    m = re.fullmatch(r"(\d{1,2})(?:[-/.]|月)(\d{1,2})[日号]?", text)
    if m:
        try:
            dt.date(2000, int(m[1]), int(m[2]))
        except ValueError:
            raise RowError(_("birthday {text!r} is not a date like 1985-08-15 or 08-15").format(text=text)) from None
        return f"{int(m[1]):02d}-{int(m[2]):02d}"
    try:
        return read_date(text, N_("birthday")).isoformat()
    except RowError:
        raise RowError(_("birthday {text!r} is not a date like 1985-08-15, 19850815 or 08-15").format(text=text)) from None


def read_tier(text: str) -> str:
    tier = re.sub(r"^(CLASS|TIER)\s*|\s*(类|级|等|类客户)$", "", text.strip().upper()) or "C"
    if tier not in TIERS:
        raise RowError(_("tier {text!r} is not A, B, C or D").format(text=text))
    return tier


def read_tags(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"[,，;；、|/]", text) if t.strip()]


def read_channel(text: str) -> str:
    value = CHANNEL_WORDS.get(text.strip(), text.strip().casefold() or "call")
    if value not in CHANNELS:
        raise RowError(_("channel {text!r} is not one of {channels} (or 电话, 拜访, 微信…)").format(text=text, channels=", ".join(CHANNELS)))
    return value


def read_lost_reason(text: str) -> str:
    """A lost reason in English or Chinese (价格, 竞争对手, 怠慢…)."""
    value = LOST_WORDS.get(text.strip(), text.strip().casefold())
    if value not in LOST_REASONS:
        raise RowError(_("reason {text!r} is not one of {reasons} (or 价格, 竞争对手, 投诉, 怠慢, 搬迁, 去世…)").format(
            text=text, reasons=", ".join(LOST_REASONS)))
    return value


def read_outcome(text: str) -> str:
    value = OUTCOME_WORDS.get(text.strip(), text.strip().casefold() or "neutral")
    if value not in OUTCOMES:
        raise RowError(_("outcome {text!r} is not one of {outcomes} (or 好, 一般, 差, 未接通)").format(text=text, outcomes=", ".join(OUTCOMES)))
    return value


@dataclass
class ContactRow:
    """One contact read from a file."""

    number: int  # the row's number in the file, for messages
    fields: dict
    tags: list[str] = field(default_factory=list)
    birthday: tuple[str, bool] | None = None  # (DATE, lunar)
    met: dt.date | None = None


def _column_label(key: str) -> str:
    return {"email": _("e-mail")}.get(key, key)


def contact_row(number: int, raw: dict[str, str]) -> ContactRow:
    """Check one contact row (already keyed by field)."""
    values = _clean(raw)
    if not values.get("name", ""):
        raise RowError(_("the name is empty"))
    try:  # exactly the checks `kehu add` applies
        fields = profile_fields({k: values[k] for k in PROFILE_FIELDS if k in values}, label=_column_label)
        fields = {k: fields.get(k) for k in PROFILE_FIELDS if k in values}  # "" stays None, as in the sheet
        fields["name"] = contact_name(values["name"], _("the name"))
        tags = [t for t in (tag(t, _("a tag")) for t in read_tags(values.get("tags", ""))) if t]
    except FieldError as e:
        raise RowError(str(e)) from None
    if values.get("tier"):  # no tier column: a new contact gets C, an updated one keeps its own
        fields["tier"] = read_tier(values["tier"])
    row = ContactRow(number, fields, tags)
    if values.get("lunar_birthday"):
        row.birthday = (values["lunar_birthday"], True)
    elif values.get("birthday"):
        row.birthday = (read_birthday(values["birthday"]), False)
    if values.get("met"):
        row.met = read_date(values["met"], N_("first contact date"))
    return row


@dataclass
class TouchRow:
    """One touch read from a follow-up log."""

    number: int
    name: str | None
    fields: dict
    contact_id: int | None = None  # from an id column (12, #12): that contact, whatever the name
    company: str | None = None  # tells two contacts of the same name apart


# A follow-up log repeats its names (a row per touch), dates, channels and outcomes: each distinct
# cell is checked once (only a cell that passes is remembered; a bad one raises every time).
_name_checked = functools.lru_cache(maxsize=65_536)(contact_name)
_date_read = functools.lru_cache(maxsize=8_192)(read_date)
_channel_read = functools.lru_cache(maxsize=256)(read_channel)
_outcome_read = functools.lru_cache(maxsize=256)(read_outcome)


@functools.lru_cache(maxsize=8_192)
def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12))


def touch_row(number: int, raw: dict[str, str], today: dt.date) -> TouchRow:
    """Check one row of a follow-up log (date, name, channel, note, [outcome, next date])."""
    values = _clean(raw)
    contact_id = None
    if values.get("id"):
        found = re.fullmatch(r"#?\s*(\d{1,18})", values["id"])
        if not found:
            raise RowError(_("id {text!r} is not a contact id like 12 or #12").format(text=values["id"]))
        contact_id = int(found[1])
    if not values.get("name") and contact_id is None:
        raise RowError(_("the name is empty"))
    if not values.get("date"):
        raise RowError(_("the date is empty"))
    try:  # exactly the checks `kehu add` and `kehu log` apply
        if values.get("name"):
            _name_checked(values["name"], _("the name"))
        values["note"] = clean_text(values.get("note"), _("the note"), multiline=True) or ""
        values["todo"] = clean_text(values.get("todo"), _("the promise"), limit=500) or ""
    except FieldError as e:
        raise RowError(str(e)) from None
    day = _date_read(values["date"], N_("date"))
    if day > today:
        raise RowError(_("date {day} is in the future").format(day=day))
    fields = {"at": _noon(day), "channel": _channel_read(values.get("channel", "")),
              "note": values.get("note") or None, "outcome": _outcome_read(values.get("outcome", "")),
              "todo": values.get("todo") or None, "care": False}
    if values.get("next"):
        fields["next_on"] = read_date(values["next"], N_("next date"))
    if values.get("cost"):
        try:
            fields["cost"] = parse_amount(values["cost"])
        except AmountError as e:
            raise RowError(_("cost: {reason}").format(reason=e)) from None
    return TouchRow(number, values.get("name") or None, fields, contact_id, values.get("company") or None)


def safe_cell(value: object) -> str:
    """A CSV cell Excel will not run as a formula (CSV injection): a leading = + - @ is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
