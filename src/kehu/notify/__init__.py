"""Delivering the digest to the group robots Chinese sales teams read: 企业微信 (WeCom), 钉钉
(DingTalk) and 飞书 (Feishu), beside e-mail.

    targets.py    what `--to` and `[notify] targets` name: robots, `smtp`, e-mail addresses
    settings.py   the `[notify]` tables of the config, checked (no secret in clear)
    compose.py    the digest as lines, and their split into messages within a byte limit (pure)
    sign.py       the HMAC-SHA256 signatures of DingTalk and Feishu (pure)
    wecom.py, dingtalk.py, feishu.py
                  each robot's own message format (pure) and its delivery
    http.py       one JSON POST: timeouts, retries on 5xx/429 honouring Retry-After, one-line errors
    deliver.py    every target of one run, each failure reported

Only the digest command imports this package, and only `targets` and `settings` when no robot is
used: urllib, json and hmac are loaded when a robot is actually sent to.
"""

ROBOTS = ("wecom", "dingtalk", "feishu")
