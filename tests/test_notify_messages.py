"""The robots' messages without a network: the split within a byte limit, each robot's payload,
its signature, its error replies, and the names `--to` understands."""

import base64
import datetime as dt
import hashlib
import hmac
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from kehu.core.digest import Digest
from kehu.core.model import DueItem
from kehu.errors import UsageError
from kehu.notify import dingtalk, feishu, wecom
from kehu.notify.compose import Line, split, utf8
from kehu.notify.settings import redact
from kehu.notify.sign import dingtalk_sign, feishu_sign
from kehu.notify.targets import parse_targets

TODAY = dt.date(2026, 11, 23)


def cost(line: Line) -> int:
    return utf8(line.text + "\n")


def chinese_lines(n: int) -> list[Line]:
    lines = []
    for section in range(n // 10):
        lines.append(Line(f"第{section}节（10）", "heading"))
        lines += [Line(f"客户{section}-{i}（深圳市华强北电子有限公司）：第{i}次跟进，逾期{i}天") for i in range(10)]
    return lines


# ---------------------------------------------------------------------------------------------
# the split


def test_every_part_is_within_the_byte_limit_and_every_line_is_whole_and_in_order():
    lines = chinese_lines(200)
    parts = split(lines, 1000, cost, max_parts=100)
    assert len(parts) > 5
    assert all(sum(cost(line) for line in part) <= 1000 for part in parts)
    assert [line for part in parts for line in part] == lines  # nothing cut, dropped or reordered


def test_a_heading_is_never_left_at_the_end_of_a_part():
    parts = split(chinese_lines(200), 700, cost, max_parts=100)
    assert all(part[-1].kind != "heading" for part in parts)


def test_what_does_not_fit_in_the_last_part_is_counted_in_a_closing_line():
    lines = chinese_lines(200)
    parts = split(lines, 1000, cost, max_parts=3)
    assert len(parts) == 3 and all(sum(cost(line) for line in part) <= 1000 for part in parts)
    shown = [line for part in parts for line in part[:-1 if part is parts[-1] else None]]
    assert shown == lines[:len(shown)]
    note = parts[-1][-1]
    items_left = sum(1 for line in lines[len(shown):] if line.kind == "item")
    assert note.kind == "note" and f"… and {items_left} more lines: run `kehu digest`" in note.text


def test_a_single_line_longer_than_a_whole_message_is_shortened_with_an_ellipsis():
    essay = Line("很长的备注" * 400)
    [[line]] = split([essay], 1000, cost)
    assert line.text.endswith("…") and cost(line) <= 1000 and essay.text.startswith(line.text[:-1])


def test_a_short_digest_is_one_part():
    lines = chinese_lines(20)
    assert split(lines, 4096, cost) == [lines]


# ---------------------------------------------------------------------------------------------
# each robot's payload


def item(name: str, company: str = "华强北电子", overdue: int = 3) -> DueItem:
    return DueItem(contact_id=1, name=name, company=company, tier="A", stage="follow_up", kind="follow_up", follow_up=2,
                   due=TODAY - dt.timedelta(days=overdue), days_overdue=overdue, urgency=10.0, last_touch=None)


def big_digest(n: int = 120) -> Digest:
    d = Digest(today=TODAY, days=7)
    d.overdue = [item(f"客户{i:03d}", "深圳市某某科技有限公司" * 2) for i in range(n)]
    return d


def test_wecom_markdown_messages_stay_within_4096_bytes_and_are_numbered():
    payloads = wecom.messages(big_digest())
    contents = [p["markdown"]["content"] for p in payloads]
    assert len(contents) > 1 and all(len(c.encode("utf-8")) <= 4096 for c in contents)
    assert contents[0].startswith("### kehu digest — Monday 2026-11-23 (1/")


def test_user_text_cannot_become_robot_markup():
    d = Digest(today=TODAY, days=7)
    d.overdue = [item("**张三** <font color=\"warning\">", "[点我](http://x)")]
    content = wecom.messages(d)[0]["markdown"]["content"]
    assert "**张三**" not in content and "<font color=\"warning\">" not in content and "[点我](" not in content
    assert "＊＊张三＊＊" in content


def test_wecom_mentions_go_in_a_text_message_after_the_digest():
    payloads = wecom.messages(big_digest(2), ("13800000000", "all"))
    assert payloads[-1] == {"msgtype": "text", "text": {"content": "kehu: 2 due, 2 overdue",
                                                        "mentioned_mobile_list": ["13800000000"],
                                                        "mentioned_list": ["@all"]}}


def test_dingtalk_mentions_are_in_the_at_field_and_in_the_text_of_the_first_message_only():
    payloads = dingtalk.messages(big_digest(400), ("13800000000", "all"))
    assert len(payloads) > 1 and all(len(p["markdown"]["text"].encode("utf-8")) <= 20000 for p in payloads)
    assert payloads[0]["at"] == {"atMobiles": ["13800000000"], "atUserIds": [], "isAtAll": True}
    assert payloads[0]["markdown"]["text"].endswith("@13800000000")
    assert "at" not in payloads[1] and "@13800000000" not in payloads[1]["markdown"]["text"]


def test_feishu_bodies_stay_within_20_kb_signed_and_mentions_lead_the_first():
    payloads = feishu.messages(big_digest(600), ("ou_abc",), "zh_cn")
    bodies = [json.dumps(feishu.signed(p, "secret", 1_764_000_000), ensure_ascii=False).encode() for p in payloads]
    assert len(bodies) > 1 and all(len(b) <= 20 * 1024 for b in bodies)
    first = payloads[0]["content"]["post"]["zh_cn"]
    assert first["content"][0] == [{"tag": "at", "user_id": "ou_abc"}]
    assert payloads[1]["content"]["post"]["zh_cn"]["content"][0][0]["tag"] == "text"


# ---------------------------------------------------------------------------------------------
# signatures, computed here as each robot's documentation says


def test_dingtalk_signature_is_hmac_of_timestamp_and_secret_keyed_with_the_secret():
    secret, ms = "SEC0123456789abcdef", 1_764_000_000_123
    expected = base64.b64encode(hmac.new(secret.encode(), f"{ms}\nSEC0123456789abcdef".encode(), hashlib.sha256).digest())
    assert dingtalk_sign(secret, ms) == expected.decode()
    url = dingtalk.signed_url("https://oapi.dingtalk.com/robot/send?access_token=T", secret, ms / 1000)
    query = parse_qs(urlsplit(url).query)
    assert query["timestamp"] == [str(ms)] and query["sign"] == [expected.decode()] and query["access_token"] == ["T"]
    assert "+" not in urlsplit(url).query.split("sign=")[1]  # URL-encoded: a + would read as a space


def test_feishu_signature_is_hmac_of_nothing_keyed_with_timestamp_and_secret():
    expected = base64.b64encode(hmac.new(b"1599360473\ndemo", b"", hashlib.sha256).digest()).decode()
    assert feishu_sign("demo", 1599360473) == expected
    body = feishu.signed({"msg_type": "post"}, "demo", 1599360473.9)
    assert body == {"timestamp": "1599360473", "sign": expected, "msg_type": "post"}


def test_unsigned_robots_are_left_as_they_are():
    assert dingtalk.signed_url("https://x/robot/send?access_token=T", None, 1.0) == "https://x/robot/send?access_token=T"
    assert feishu.signed({"msg_type": "post"}, None, 1.0) == {"msg_type": "post"}


# ---------------------------------------------------------------------------------------------
# replies


@pytest.mark.parametrize("module, reply, expected", [
    (wecom, {"errcode": 0, "errmsg": "ok"}, None),
    (wecom, {"errcode": 93000, "errmsg": "invalid webhook url, hint: [1], from ip: 1.2.3.4, more info at https://…"},
     "errcode 93000: invalid webhook url"),
    (dingtalk, {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"},
     "errcode 130101: send too fast, exceed 20 times per minute"),
    (feishu, {"code": 0, "msg": "success", "StatusCode": 0}, None),
    (feishu, {"StatusCode": 0, "StatusMessage": "success"}, None),
    (feishu, {"code": 19024, "msg": "Key Words Not Found"}, "code 19024: Key Words Not Found"),
    (dingtalk, {"unexpected": True}, "errcode None: "),
])
def test_each_robot_reports_errors_in_its_own_reply_fields(module, reply, expected):
    assert module.refusal(reply) == expected


# ---------------------------------------------------------------------------------------------
# targets and addresses


def test_targets_in_english_and_chinese_each_once_in_order():
    assert parse_targets("wecom,钉钉，飞书 me@example.com,WeCom,企业微信,smtp") == [
        "wecom", "dingtalk", "feishu", "me@example.com", "smtp"]


def test_an_unknown_target_is_refused():
    with pytest.raises(UsageError, match="'weixin' is neither a robot"):
        parse_targets("wecom,weixin")
    with pytest.raises(UsageError, match="names no target"):
        parse_targets(" , ")


def test_a_webhook_is_shown_without_its_key():
    assert redact("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6") == \
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***"
    assert redact("https://oapi.dingtalk.com/robot/send?access_token=abc&x=1") == \
        "https://oapi.dingtalk.com/robot/send?access_token=***&x=***"
    assert redact("https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e") == "https://open.feishu.cn/open-apis/bot/v2/hook/***"
    assert redact("https://user:pw@example.com/hook/x") == "https://example.com/hook/***"


# ---------------------------------------------------------------------------------------------
# the HTTP side's small rules


def test_retry_after_is_read_in_seconds_or_as_a_date():
    import time
    from email.utils import formatdate

    from kehu.notify.http import _retry_after

    assert _retry_after("7") == 7.0
    assert 8 <= _retry_after(formatdate(time.time() + 10, usegmt=True)) <= 10
    assert _retry_after(formatdate(time.time() - 100, usegmt=True)) == 0.0
    assert _retry_after("soon") is None and _retry_after(None) is None


def test_an_error_names_the_host_only():
    from kehu.notify.http import where

    assert where("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K") == "qyapi.weixin.qq.com"
    assert where("http://user:pw@127.0.0.1:8080/open-apis/bot/v2/hook/H") == "127.0.0.1:8080"
