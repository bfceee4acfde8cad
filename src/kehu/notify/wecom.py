"""企业微信 (WeCom) 群机器人: the digest as markdown messages, pure.

What the robot takes (WeCom's 群机器人配置说明, developer.work.weixin.qq.com/document/path/91770):
POST {"msgtype": "markdown", "markdown": {"content": …}} to
https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY; the content is at most 4096 bytes of
UTF-8; its markdown is a subset (headings, **bold**, links, `code`, > quotes, <font color>; no
lists). A markdown message cannot @ anyone by mobile number: only a text message can, with
"mentioned_mobile_list" (and "mentioned_list" of user ids or "@all"), its content at most 2048
bytes. The reply is {"errcode": 0, "errmsg": "ok"}, or an error code such as 93000 (invalid
webhook url) or 45009 (more than 20 messages a minute). No signing: the key is the secret.
"""

from __future__ import annotations

from kehu.core.digest import Digest
from kehu.notify.compose import Line, digest_lines, numbered, split, utf8

LIMIT = 4096  # bytes of markdown.content
TEXT_LIMIT = 2048  # bytes of text.content

# Names and notes are the user's text: a `*` or `<font>` in them must not become markup. Their
# full-width twins read the same to a Chinese reader and mean nothing to the robot's markdown.
_NEUTRAL = str.maketrans({"*": "＊", "_": "＿", "`": "｀", "[": "［", "]": "］", "<": "＜", ">": "＞", "#": "＃"})


def neutral(text: str) -> str:
    """User text made inert for the robots' markdown."""
    return text.translate(_NEUTRAL)


def markup(line: Line) -> str:
    if line.kind == "headline":
        return f"**{line.text}**"
    if line.kind == "heading":
        return f"\n**{line.text}**"
    if line.kind == "note":
        return f'\n<font color="comment">{line.text}</font>'
    return f"> {line.text}"


def messages(d: Digest, mention: tuple[str, ...] = ()) -> list[dict]:
    """The digest as WeCom markdown payloads, each within LIMIT, then a text message @-ing `mention`."""
    from kehu.views.digest import digest_title, subject

    title = digest_title(d)
    heading = f"### {numbered(title, 9, 9)}\n"  # the longest a part's title gets
    parts = split(digest_lines(d, neutral), LIMIT - utf8(heading), lambda line: utf8(markup(line) + "\n"))
    payloads = [{"msgtype": "markdown", "markdown": {"content": f"### {numbered(title, i, len(parts))}\n"
                                                                 + "\n".join(markup(line) for line in part)}}
                for i, part in enumerate(parts, 1)]
    if mention:
        mobiles = [m for m in mention if m.lstrip("+").isdigit()]
        ids = ["@all" if m == "all" else m for m in mention if not m.lstrip("+").isdigit()]
        text = {"content": subject(d)[:TEXT_LIMIT // 3]}
        if mobiles:
            text["mentioned_mobile_list"] = mobiles
        if ids:
            text["mentioned_list"] = ids
        payloads.append({"msgtype": "text", "text": text})
    return payloads


def refusal(reply: dict) -> str | None:
    """The robot's error from its reply ("93000 invalid webhook url"), or None when it took the message."""
    code = reply.get("errcode")
    if code == 0:
        return None
    return f"errcode {code}: {_first_clause(reply.get('errmsg', ''))}"


def _first_clause(message) -> str:
    # WeCom appends ", hint: [...], from ip: ..., more info at https://…" to every error
    return " ".join(str(message).split(", hint:")[0].split())
