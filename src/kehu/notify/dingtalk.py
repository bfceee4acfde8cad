"""钉钉 (DingTalk) 自定义机器人: the digest as markdown messages, signed when the robot has 加签, pure.

What the robot takes (DingTalk's 自定义机器人接入, open.dingtalk.com/document/robots/custom-robot-access):
POST {"msgtype": "markdown", "markdown": {"title": …, "text": …}, "at": {"atMobiles": […],
"atUserIds": […], "isAtAll": false}} to https://oapi.dingtalk.com/robot/send?access_token=TOKEN
(&timestamp=…&sign=… with 加签, see sign.py). Its markdown has headings, **bold**, lists, links
and > quotes. An @ only notifies when the mobile number (or user id) also appears in the text as
"@13800000000". The reply is {"errcode": 0, "errmsg": "ok"}, or e.g. 310000 "sign not match" /
"keywords not in content", 130101 "send too fast" (20 messages a minute). DingTalk publishes no
byte limit for markdown; 20000 bytes of text is the limit its users' libraries keep to.
"""

from __future__ import annotations

from urllib.parse import quote

from kehu.core.digest import Digest
from kehu.notify.compose import Line, digest_lines, numbered, split, utf8
from kehu.notify.sign import dingtalk_sign
from kehu.notify.wecom import neutral

LIMIT = 20000  # bytes of markdown.text


def markup(line: Line) -> str:
    if line.kind == "headline":
        return f"**{line.text}**\n"
    if line.kind == "heading":
        return f"\n#### {line.text}\n"
    if line.kind == "note":
        return f"\n> {line.text}"
    return f"- {line.text}"


def messages(d: Digest, mention: tuple[str, ...] = ()) -> list[dict]:
    """The digest as DingTalk markdown payloads, each within LIMIT; the first @-mentions `mention`."""
    from kehu.views.digest import digest_title, subject

    everyone = "all" in mention
    people = [m for m in mention if m != "all"]
    mobiles = [m for m in people if m.lstrip("+").isdigit()]
    ids = [m for m in people if not m.lstrip("+").isdigit()]
    ats = "\n\n" + " ".join(f"@{m}" for m in people) if people else ""
    title = digest_title(d)
    heading = f"### {numbered(title, 9, 9)}\n\n"
    parts = split(digest_lines(d, neutral), LIMIT - utf8(heading + ats), lambda line: utf8(markup(line) + "\n"))
    payloads = []
    for i, part in enumerate(parts, 1):
        text = f"### {numbered(title, i, len(parts))}\n\n" + "\n".join(markup(line) for line in part)
        payload = {"msgtype": "markdown", "markdown": {"title": subject(d), "text": text + (ats if i == 1 else "")}}
        if i == 1 and mention:
            payload["at"] = {"atMobiles": mobiles, "atUserIds": ids, "isAtAll": everyone}
        payloads.append(payload)
    return payloads


def signed_url(url: str, secret: str | None, now: float) -> str:
    """The webhook with `timestamp` (ms) and `sign` appended, or as it is for a robot without 加签."""
    if not secret:
        return url
    timestamp = int(now * 1000)
    sign = quote(dingtalk_sign(secret, timestamp), safe="")
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def refusal(reply: dict) -> str | None:
    """The robot's error from its reply ("310000 sign not match"), or None when it took the message."""
    code = reply.get("errcode")
    if code == 0:
        return None
    return f"errcode {code}: {' '.join(str(reply.get('errmsg', '')).split())}"
