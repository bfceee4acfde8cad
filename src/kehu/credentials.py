"""Secrets kehu needs for delivery (an SMTP password, a robot's webhook key or signing secret), read
from the environment or from a command such as `pass show smtp` — never from the config file."""

from __future__ import annotations

import os
import shlex
import subprocess

from kehu.errors import DeliveryError
from kehu.i18n import _


def from_command(command: str, key: str, *, strip: bool = True) -> str:
    """The first line a secret command prints; `key` (e.g. "smtp.password_command") names it in errors."""
    try:
        done = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=30)
    except (OSError, ValueError, subprocess.TimeoutExpired) as e:
        raise DeliveryError(_("{key} failed: {error}").format(key=key, error=e)) from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [""])[-1]
        raise DeliveryError(_("{key} exited {code}: {stderr}").format(key=key, code=done.returncode, stderr=last))
    first = done.stdout.splitlines()[0] if done.stdout else ""
    return first.strip() if strip else first


def read_secret(command: str | None, env: str | None, key: str) -> str | None:
    """The secret from `command` if one is set, else from the environment variable `env` (None when unset)."""
    if command:
        return from_command(command, key)
    return os.environ.get(env) if env else None
