"""Errors a user can cause: the CLI prints the message on one line and exits with `exit_code`."""

from __future__ import annotations


class KehuError(Exception):
    """A mistake the user can fix; `message` names the fix. Never shown as a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, exit_code: int | None = None, details: object = None):
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code
        self.details = details  # e.g. the candidate contacts of an ambiguous name


class NotFound(KehuError):
    """A contact (or other record) that does not exist."""

    exit_code = 1


class Ambiguous(KehuError):
    """A name that matches several contacts; `details` holds the candidates."""

    exit_code = 2


class UsageError(KehuError):
    """A malformed value: bad date, tier, channel…"""

    exit_code = 2


class DeliveryError(KehuError):
    """The digest could not be delivered (SMTP or a group robot): cron mails this line to the user."""

    exit_code = 4
