"""Sending one digest to every target of the run: each robot, or e-mail; each failure reported.

`deliver` tries every target even when one fails (the team's robot must not go quiet because
the mail server is down) and returns what became of each; the command prints one line per
failure and exits 4 if there was any.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from kehu import config
from kehu.core.digest import Digest
from kehu.errors import DeliveryError
from kehu.i18n import _
from kehu.notify import ROBOTS
from kehu.notify.settings import NotifySettings, RobotSettings
from kehu.notify.targets import label


def deliver(targets: list[str], d: Digest, fmt: str, rendered: str,
            settings: NotifySettings) -> Iterator[tuple[str, str | None]]:
    """For each target in turn: (its label, None) once delivered, or (its label, the one-line reason)."""
    for target in targets:
        try:
            if target in ROBOTS:
                send_to_robot(settings.robot(target), d, settings.timeout)
            else:
                target = _mail(target, d, fmt, rendered)
        except DeliveryError as e:
            yield label(target), e.message
        else:
            yield label(target), None


def send_to_robot(robot: RobotSettings, d: Digest, timeout: float) -> int:
    """Post the digest to one robot, in as many messages as its limit needs; how many were sent."""
    name = label(robot.robot)
    url = webhook(robot)
    secret = signing_secret(robot)
    try:
        return _post_all(robot, d, timeout, name, url, secret)
    except DeliveryError as e:
        raise DeliveryError(_scrub(e.message, [s for s in (url, secret, _key_of(url)) if s])) from None


def _post_all(robot: RobotSettings, d: Digest, timeout: float, name: str, url: str, secret: str | None) -> int:
    from kehu.i18n import language
    from kehu.notify import dingtalk, feishu, wecom
    from kehu.notify.http import post_json

    if robot.robot == "wecom":
        module, payloads = wecom, wecom.messages(d, robot.mention)
    elif robot.robot == "dingtalk":
        module, payloads = dingtalk, dingtalk.messages(d, robot.mention)
    else:
        module = feishu
        payloads = feishu.messages(d, robot.mention, "zh_cn" if language() == "zh_CN" else "en_us")
    for payload in payloads:
        now = time.time()  # each message signed afresh: a signature is good for an hour
        target = dingtalk.signed_url(url, secret, now) if module is dingtalk else url
        body = feishu.signed(payload, secret, now) if module is feishu else payload
        reply = post_json(target, body, robot=name, timeout=timeout)
        if (problem := module.refusal(reply)) is not None:
            raise DeliveryError(_("{robot} refused the message: {problem}").format(robot=name, problem=problem))
    return len(payloads)


def webhook(robot: RobotSettings) -> str:
    """The robot's webhook address: from the config, a command, or the environment."""
    from kehu.credentials import read_secret

    name = robot.robot
    if robot.webhook:
        url = robot.webhook
    else:
        env = robot.webhook_env or robot.default_webhook_env
        url = read_secret(robot.webhook_command, env, f"notify.{name}.webhook_command")
        if not url:
            raise DeliveryError(_("no webhook for {robot}: add [notify.{name}] webhook = \"https://…\" to the config, "
                                  "or set webhook_command or {env}").format(robot=label(name), name=name, env=env))
    if not re.match(r"^https?://[^\s/]+", url):
        raise DeliveryError(_("the webhook for {robot} is not an https:// address (check notify.{name})").format(
            robot=label(name), name=name))
    return url


def signing_secret(robot: RobotSettings) -> str | None:
    """The robot's signing secret, or None for a robot that signs nothing (WeCom, or no secret set)."""
    from kehu.credentials import read_secret

    if robot.robot == "wecom":
        return None
    key = f"notify.{robot.robot}.secret_command"
    secret = read_secret(robot.secret_command, robot.secret_env or robot.default_secret_env, key)
    if not secret and (robot.secret_command or robot.secret_env):
        # asked for and missing: an unsigned message would only be refused with a vaguer reason
        where = key if robot.secret_command else robot.secret_env
        raise DeliveryError(_("no signing secret for {robot}: {where} gave nothing").format(robot=label(robot.robot), where=where))
    return secret or None


def _key_of(url: str) -> str | None:
    """The key part of a webhook address (?key=, ?access_token=, /hook/…), to keep it out of messages."""
    found = re.search(r"(?:key|access_token)=([^&]+)|/hook/([^/?]+)", url)
    return (found.group(1) or found.group(2)) if found else None


def _scrub(message: str, secrets: list[str]) -> str:
    """A robot's error may quote what it was sent: never let it carry the key or the secret."""
    for secret in secrets:
        if len(secret) >= 6:
            message = message.replace(secret, "***")
    return message


def _mail(target: str, d: Digest, fmt: str, rendered: str) -> str:
    """Mail the digest to `target` (an address, or `smtp`: [smtp] to); the address it went to."""
    from kehu.mail import build_message, send
    from kehu.views.digest import render_text, subject

    settings = config.smtp_settings()
    address = settings.to if target == "smtp" else target
    if not address:
        raise DeliveryError(_("e-mail needs an address: add [smtp] to = \"name@example.com\" to the config, "
                              "or give --to name@example.com"))
    html = rendered if fmt == "html" else None
    text = rendered if fmt != "html" else render_text(d)
    send(settings, build_message(settings, address, subject(d), text, html))
    return address
