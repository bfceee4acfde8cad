"""One JSON POST to a robot's webhook: a timeout, a few retries on 5xx and 429 honouring
Retry-After, and every failure as one DeliveryError line naming the robot — never its key.

The standard library's urllib, so kehu needs no HTTP client; imported only when a robot is used.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from kehu.errors import DeliveryError
from kehu.i18n import _

ATTEMPTS = 3  # the first try and two retries
BACKOFF = (1.0, 3.0)  # seconds before each retry when the robot does not say (Retry-After)
MAX_RETRY_AFTER = 30.0  # a robot asking for longer is reported, not waited for: cron has a morning to run
_MAX_REPLY = 1 << 16


def post_json(url: str, payload: dict, *, robot: str, timeout: float) -> dict:
    """POST `payload` as JSON to `url` and return the robot's JSON reply (whatever its error code)."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    host = where(url)
    for attempt in range(ATTEMPTS):
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": "kehu"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read(_MAX_REPLY)
        except urllib.error.HTTPError as e:
            wait = _retry_wait(e, attempt)
            if wait is None:
                raise DeliveryError(_("{robot} ({host}) answered HTTP {status} {reason}{detail}").format(
                    robot=robot, host=host, status=e.code, reason=e.reason, detail=_detail(e))) from None
            e.close()
            time.sleep(wait)
            continue
        except (TimeoutError, socket.timeout):
            raise DeliveryError(_("{robot} ({host}) did not answer within {s:g} s").format(
                robot=robot, host=host, s=timeout)) from None
        except urllib.error.URLError as e:
            raise _unreachable(robot, host, e.reason, timeout) from None
        except ValueError:  # a malformed address; its text would show the key
            raise DeliveryError(_("{robot}: the webhook is not a valid https:// address").format(robot=robot)) from None
        except OSError as e:  # a connection reset mid-reply
            raise _unreachable(robot, host, e, timeout) from None
        try:
            reply = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            reply = None
        if not isinstance(reply, dict):
            raise DeliveryError(_("{robot} ({host}) answered something that is not a robot's reply: {start!r}").format(
                robot=robot, host=host, start=raw[:80].decode("utf-8", "replace")))
        return reply
    raise AssertionError("unreachable: the last attempt returns or raises")


def where(url: str) -> str:
    """The webhook's host (and port) only: its path and query hold the robot's key."""
    try:
        parts = urlsplit(url)
        return (parts.hostname or "?") + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return "?"


def _retry_wait(error: urllib.error.HTTPError, attempt: int) -> float | None:
    """Seconds to wait before trying again, or None when this failure is final."""
    if not (error.code == 429 or 500 <= error.code < 600) or attempt + 1 >= ATTEMPTS:
        return None
    asked = _retry_after(error.headers.get("Retry-After") if error.headers else None)
    if asked is None:
        return BACKOFF[min(attempt, len(BACKOFF) - 1)]
    return asked if asked <= MAX_RETRY_AFTER else None


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds: a number of seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time()) if moment else None


def _detail(error: urllib.error.HTTPError) -> str:
    """The robot's own words from an error reply's JSON body, if it has any."""
    try:
        reply = json.loads(error.read(_MAX_REPLY).decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return ""
    if not isinstance(reply, dict):
        return ""
    message = reply.get("errmsg") or reply.get("msg") or reply.get("StatusMessage")
    return f": {' '.join(str(message).split())}" if message else ""


def _unreachable(robot: str, host: str, reason, timeout: float) -> DeliveryError:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return DeliveryError(_("{robot} ({host}) did not answer within {s:g} s").format(robot=robot, host=host, s=timeout))
    if isinstance(reason, socket.gaierror):
        return DeliveryError(_("{robot}: host {host} not found (check the webhook address)").format(robot=robot, host=host))
    text = getattr(reason, "strerror", None) or str(reason)
    return DeliveryError(_("can't reach {robot} at {host}: {reason}").format(robot=robot, host=host, reason=text))
