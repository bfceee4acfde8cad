"""Sending the digest by SMTP (standard library), failing loudly with a one-line reason."""

from __future__ import annotations

import os
from email.message import EmailMessage

from kehu.config.file import SmtpSettings
from kehu.errors import DeliveryError
from kehu.i18n import _

__all__ = ["DeliveryError", "build_message", "password", "send"]


def build_message(settings: SmtpSettings, to: str, subject: str, text: str, html: str | None) -> EmailMessage:
    """A plain-text message, with an HTML alternative when there is one."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender or settings.user or "kehu@localhost"
    message["To"] = to
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def password(settings: SmtpSettings) -> str | None:
    """The SMTP password from the environment or from a command such as `pass show smtp`."""
    from kehu.credentials import from_command

    if settings.password_command:
        # not stripped: a password may end in a space (the command's one line is taken as it is)
        return from_command(settings.password_command, "smtp.password_command", strip=False)
    return os.environ.get(settings.password_env)


def send(settings: SmtpSettings, message: EmailMessage) -> None:
    """Deliver one message, or raise DeliveryError naming what went wrong."""
    import smtplib
    import socket
    import ssl

    if not settings.host:
        raise DeliveryError(_("no SMTP server configured: add [smtp] host = \"…\" to the config (kehu config shows where)"))
    port = settings.port or (465 if settings.ssl else 587 if settings.starttls else 25)
    where = f"{settings.host}:{port}"
    try:
        if settings.ssl:
            client = smtplib.SMTP_SSL(settings.host, port, timeout=settings.timeout, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(settings.host, port, timeout=settings.timeout)
        # Not `with client:` — its QUIT on the way out of a failed login can hang until the timeout
        # and then hide the real reason behind "connection unexpectedly closed".
        try:
            if settings.starttls and not settings.ssl:
                client.starttls(context=ssl.create_default_context())
            if settings.user:
                secret = password(settings)
                if secret is None:
                    raise DeliveryError(_("no SMTP password: set {env} or smtp.password_command").format(env=settings.password_env))
                client.login(settings.user, secret)
            client.send_message(message)
            client.quit()
        finally:
            client.close()
    except smtplib.SMTPAuthenticationError as e:
        raise DeliveryError(_("SMTP login to {where} refused: {code} {reason}").format(
            where=where, code=e.smtp_code, reason=_decode(e.smtp_error))) from None
    except smtplib.SMTPNotSupportedError as e:
        raise DeliveryError(_("SMTP server {where} does not support {what}; check smtp.starttls / smtp.ssl").format(where=where, what=e)) from None
    except smtplib.SMTPResponseException as e:
        raise DeliveryError(_("SMTP server {where} refused the message: {code} {reason}").format(
            where=where, code=e.smtp_code, reason=_decode(e.smtp_error))) from None
    except (smtplib.SMTPException, ssl.SSLError) as e:
        raise DeliveryError(_("SMTP delivery to {where} failed: {error}").format(where=where, error=e)) from None
    except socket.gaierror:
        raise DeliveryError(_("SMTP server {host} not found (check smtp.host)").format(host=settings.host)) from None
    except (TimeoutError, socket.timeout):
        raise DeliveryError(_("SMTP server {where} did not answer within {s:g} s").format(where=where, s=settings.timeout)) from None
    except OSError as e:
        raise DeliveryError(_("can't reach SMTP server {where}: {reason}").format(where=where, reason=e.strerror or e)) from None


def _decode(reason: bytes | str) -> str:
    text = reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)
    return " ".join(text.split())
