"""The signatures DingTalk and Feishu robots check (pure: the timestamp is a parameter).

Both are base64(HMAC-SHA256) over the timestamp and the secret, but built differently:

- DingTalk 自定义机器人, 安全设置 "加签": key = the secret (SEC…), message = f"{timestamp}\\n{secret}",
  timestamp in milliseconds; sent as the query parameters `timestamp` and `sign` (URL-encoded);
  refused with {"errcode":310000,"errmsg":"sign not match"} (or "invalid timestamp" when it is more
  than an hour away). DingTalk's 自定义机器人接入 guide (open.dingtalk.com/document/robots/custom-robot-access),
  whose Python sample is quoted in its users' code, e.g. the CSDN post
  blog.csdn.net/weixin_31560545/article/details/116255918.
- Feishu 自定义机器人, 安全设置 "签名校验": key = f"{timestamp}\\n{secret}", message = empty,
  timestamp in seconds, within an hour of Feishu's clock; sent in the JSON body as "timestamp"
  (a string) and "sign"; refused with {"code":19021,"msg":"sign match fail or timestamp is not
  within one hour from current time"}. Feishu's 自定义机器人使用指南
  (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot), whose Python sample is
  hmac.new(string_to_sign.encode("utf-8"), digestmod=hashlib.sha256).
"""

from __future__ import annotations

import base64
import hashlib
import hmac


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's `sign` query parameter, before URL-encoding."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's `sign` body field: the HMAC of nothing, keyed with the timestamp and the secret."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode("utf-8"), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")
