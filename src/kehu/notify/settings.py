"""`[notify]` in the config: the default targets and each robot's webhook, secret and mentions.

A robot's webhook key opens the group to anyone who has it, and its signing secret proves the
message is yours: both may come from a command (`pass show …`) or the environment, and a signing
secret written in clear is refused, as the SMTP password is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kehu.errors import UsageError
from kehu.i18n import _
from kehu.notify import ROBOTS

_SIGNED = ("dingtalk", "feishu")  # WeCom's robot has no signing: its webhook key is the only secret
_KEYS = {"webhook", "webhook_command", "webhook_env", "mention"}
_MENTION = re.compile(r"^(@?all|\+?\d{5,20}|[A-Za-z0-9_.@-]{1,128})$")
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class RobotSettings:
    """One robot's `[notify.<robot>]` table."""

    robot: str
    webhook: str | None = None  # the URL itself, or…
    webhook_command: str | None = None  # …a command printing it, or…
    webhook_env: str | None = None  # …the variable holding it (default KEHU_<ROBOT>_WEBHOOK)
    secret_command: str | None = None  # the signing secret (DingTalk 加签, Feishu 签名校验)
    secret_env: str | None = None  # default KEHU_<ROBOT>_SECRET; no secret there means unsigned
    mention: tuple[str, ...] = ()  # mobiles or user ids to @, or "all"

    @property
    def default_webhook_env(self) -> str:
        return f"KEHU_{self.robot.upper()}_WEBHOOK"

    @property
    def default_secret_env(self) -> str:
        return f"KEHU_{self.robot.upper()}_SECRET"


@dataclass(frozen=True)
class NotifySettings:
    """The `[notify]` table: the targets `kehu digest` sends to without --to, and the robots."""

    targets: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    robots: dict[str, RobotSettings] = field(default_factory=dict)
    given: frozenset[str] = frozenset()  # the dotted keys the file sets, for `kehu config`

    def robot(self, name: str) -> RobotSettings:
        return self.robots.get(name) or RobotSettings(name)


def notify_settings(path: Path) -> NotifySettings:
    """The `[notify]` table of the config file at `path`, checked."""
    table = _read(path)
    given: set[str] = set()

    def fail(message: str, **values) -> UsageError:
        return UsageError(_("config {path}: {problem}").format(path=path, problem=message.format(**values)))

    known = {"targets", "timeout", *ROBOTS}
    for key in table:
        if key not in known:
            raise fail(_("unknown key {key!r} in [notify]; known: {known}"), key=key, known=", ".join(sorted(known)))
    targets: tuple[str, ...] = ()
    if "targets" in table:
        from kehu.notify.targets import parse_targets

        value = table["targets"]
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise fail(_('notify.targets must be a list such as ["wecom"], not {value!r}'), value=value)
        targets = tuple(parse_targets(value, "notify.targets")) if value else ()
        given.add("notify.targets")
    timeout = table.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 600:
        raise fail(_("notify.timeout must be seconds from 0.1 to 600, not {value!r}"), value=timeout)
    if "timeout" in table:
        given.add("notify.timeout")
    robots = {}
    for robot in ROBOTS:
        if robot in table:
            robots[robot] = _robot(robot, table[robot], fail)
            given.update(f"notify.{robot}.{k}" for k in table[robot])
    return NotifySettings(targets=targets, timeout=float(timeout), robots=robots, given=frozenset(given))


def _robot(robot: str, table, fail) -> RobotSettings:
    if not isinstance(table, dict):
        raise fail(_("[notify.{robot}] must be a table"), robot=robot)
    if "secret" in table:
        raise fail(_("notify.{robot}.secret must not be stored in clear; use secret_command (e.g. \"pass show {robot}\") "
                     "or secret_env (e.g. \"{env}\")"), robot=robot, env=f"KEHU_{robot.upper()}_SECRET")
    known = _KEYS | ({"secret_command", "secret_env"} if robot in _SIGNED else set())
    for key, value in table.items():
        if key not in known:
            raise fail(_("unknown key {key!r} in [notify.{robot}]; known: {known}"), key=key, robot=robot,
                       known=", ".join(sorted(known)))
        if key != "mention" and not (isinstance(value, str) and value.strip()):
            raise fail(_("notify.{robot}.{key} must be a text in quotes"), robot=robot, key=key)
    if "webhook" in table and "webhook_command" in table:
        raise fail(_("[notify.{robot}] sets both webhook and webhook_command: keep one"), robot=robot)
    if "webhook" in table and not re.match(r"^https?://[^\s/]+", table["webhook"].strip()):
        # the value itself is not shown: it holds the robot's key
        raise fail(_("notify.{robot}.webhook must be the robot's https:// address"), robot=robot)
    mention = table.get("mention", [])
    mention = [mention] if isinstance(mention, str) else mention
    if not isinstance(mention, list) or not all(isinstance(m, str) and _MENTION.match(m.strip()) for m in mention):
        raise fail(_('notify.{robot}.mention must be mobile numbers or user ids, such as ["13800000000"] or "all"'),
                   robot=robot)
    return RobotSettings(robot=robot, webhook=_get(table, "webhook"), webhook_command=_get(table, "webhook_command"),
                         webhook_env=_get(table, "webhook_env"), secret_command=_get(table, "secret_command"),
                         secret_env=_get(table, "secret_env"),
                         mention=tuple(dict.fromkeys("all" if m.strip().lstrip("@") == "all" else m.strip() for m in mention)))


def _get(table: dict, key: str) -> str | None:
    value = table.get(key)
    return value.strip() if isinstance(value, str) else None


def _read(path: Path) -> dict:
    from kehu.config.file import read_table

    return read_table(path, "notify")


def notify_values(path: Path) -> list[tuple[str, object, str]]:
    """The `[notify]` settings as (dotted key, value, source) for `kehu config`; webhooks shown without their key."""
    settings = notify_settings(path)
    source = str(path)
    rows: list[tuple[str, object, str]] = [
        ("notify.targets", list(settings.targets), source if "notify.targets" in settings.given else _("default")),
        ("notify.timeout", settings.timeout, source if "notify.timeout" in settings.given else _("default"))]
    for robot, r in settings.robots.items():
        for key in ("webhook", "webhook_command", "webhook_env", "secret_command", "secret_env", "mention"):
            value = getattr(r, key)
            if value:
                rows.append((f"notify.{robot}.{key}", redact(value) if key == "webhook" else
                             list(value) if key == "mention" else value, source))
    return rows


def redact(url: str) -> str:
    """A webhook address fit to show: the key (`?key=`, `?access_token=`, `/hook/…`) replaced by ***."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
    except ValueError:
        return "***"
    path = re.sub(r"/hook/[^/]+", "/hook/***", parts.path)
    query = re.sub(r"=[^&]*", "=***", parts.query)
    return f"{parts.scheme}://{host}{path}" + (f"?{query}" if query else "")
