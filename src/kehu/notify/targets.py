"""What `kehu digest --to` and `[notify] targets` name: a robot, `smtp`, or an e-mail address."""

from __future__ import annotations

import re

from kehu.errors import UsageError
from kehu.i18n import _
from kehu.notify import ROBOTS

ADDRESS = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
# The names users type, in English and in Chinese.
_NAMES = {"wecom": "wecom", "wework": "wecom", "企业微信": "wecom", "企微": "wecom",
          "dingtalk": "dingtalk", "钉钉": "dingtalk",
          "feishu": "feishu", "lark": "feishu", "飞书": "feishu",
          "smtp": "smtp", "email": "smtp", "mail": "smtp", "邮件": "smtp"}


def label(target: str) -> str:
    """A target as the user reads it: 企业微信 / WeCom, an address as it is."""
    names = {"wecom": _("WeCom"), "dingtalk": _("DingTalk"), "feishu": _("Feishu"), "smtp": _("e-mail")}
    return names.get(target, target)


def parse_targets(given: str | list[str], where: str = "--to") -> list[str]:
    """`wecom,dingtalk` (or 企业微信，钉钉, or name@example.com) as target names, each once, in order."""
    words = re.split(r"[,，;；\s]+", given) if isinstance(given, str) else list(given)
    targets: list[str] = []
    for word in (w.strip() for w in words):
        if not word:
            continue
        target = _NAMES.get(word.lower(), word if ADDRESS.match(word) else None)
        if target is None:
            raise UsageError(_("{where} {word!r} is neither a robot ({robots}), smtp, nor an e-mail address (name@example.com)").format(
                where=where, word=word, robots=", ".join(ROBOTS)))
        if target not in targets:
            targets.append(target)
    if not targets:
        raise UsageError(_("{where} names no target: give wecom, dingtalk, feishu, smtp or an e-mail address").format(where=where))
    return targets
