"""飞书 (Feishu) 自定义机器人: the digest as rich-text ("post") messages, signed when the robot has
签名校验, pure.

What the robot takes (Feishu's 自定义机器人使用指南, open.feishu.cn/document/client-docs/bot-v3/add-custom-bot):
POST {"msg_type": "post", "content": {"post": {"zh_cn": {"title": …, "content": [[{"tag": "text",
"text": …}], …]}}}} to https://open.feishu.cn/open-apis/bot/v2/hook/TOKEN, plus "timestamp" and
"sign" with 签名校验 (see sign.py). A paragraph may hold {"tag": "at", "user_id": "ou_…"} (an
open_id or user_id; "all" for everyone). The whole request body is at most 20 KB. The reply is
{"code": 0, "msg": "success"}, or e.g. 19021 (sign match fail), 19024 (Key Words Not Found),
9499 (Bad Request: a malformed or oversized body), 11232 (rate limited).
"""

from __future__ import annotations

import json

from kehu.core.digest import Digest
from kehu.notify.compose import Line, digest_lines, numbered, split, utf8
from kehu.notify.sign import feishu_sign

LIMIT = 20 * 1024  # bytes of the whole JSON body
_SIGNATURE = 100  # bytes the "timestamp" and "sign" fields add to a signed body


def paragraphs(line: Line) -> list[list[dict]]:
    if line.kind == "headline":
        return [[{"tag": "text", "text": line.text, "style": ["bold"]}]]
    if line.kind == "heading":
        return [[{"tag": "text", "text": ""}], [{"tag": "text", "text": line.text, "style": ["bold"]}]]
    if line.kind == "note":
        return [[{"tag": "text", "text": ""}], [{"tag": "text", "text": line.text, "style": ["italic"]}]]
    return [[{"tag": "text", "text": f"• {line.text}"}]]


def _size(value) -> int:
    return utf8(json.dumps(value, ensure_ascii=False))


def messages(d: Digest, mention: tuple[str, ...] = (), language: str = "zh_cn") -> list[dict]:
    """The digest as Feishu post payloads, each body within LIMIT; the first @-mentions `mention`."""
    from kehu.views.digest import digest_title

    ats = [[{"tag": "at", "user_id": m} for m in mention]] if mention else []

    def payload(title: str, content: list) -> dict:
        return {"msg_type": "post", "content": {"post": {language: {"title": title, "content": content}}}}

    title = digest_title(d)
    frame = _size(payload(numbered(title, 9, 9), ats)) + _SIGNATURE
    parts = split(digest_lines(d, lambda s: s), LIMIT - frame,
                  lambda line: sum(_size(p) + 2 for p in paragraphs(line)))  # + 2: the ", " between paragraphs
    return [payload(numbered(title, i, len(parts)),
                    (ats if i == 1 else []) + [p for line in part for p in paragraphs(line)])
            for i, part in enumerate(parts, 1)]


def signed(payload: dict, secret: str | None, now: float) -> dict:
    """The payload with "timestamp" (s) and "sign" first, or as it is for a robot without 签名校验."""
    if not secret:
        return payload
    timestamp = int(now)
    return {"timestamp": str(timestamp), "sign": feishu_sign(secret, timestamp), **payload}


def refusal(reply: dict) -> str | None:
    """The robot's error from its reply ("19021 sign match fail…"), or None when it took the message."""
    code = reply.get("code", reply.get("StatusCode"))
    if code == 0:
        return None
    message = reply.get("msg") or reply.get("StatusMessage") or ""
    return f"code {code}: {' '.join(str(message).split())}"
