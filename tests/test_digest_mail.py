"""`kehu digest --to`: delivery to a real SMTP server on loopback, and loud, one-line failures."""

import os
import socket
import subprocess
import sys
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, SECRET = "sales@example.com", "s3cret"


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def check_password(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == SECRET.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=check_password,
                            auth_require_tls=False)
    controller.start()
    yield controller.port, inbox
    controller.stop()


def write_smtp_config(db_path, port, **extra):
    lines = ["[smtp]", 'host = "127.0.0.1"', f"port = {port}", "starttls = false", f'user = "{USER}"',
             'from = "kehu@example.com"'] + [f"{k} = {v}" for k, v in extra.items()]
    (db_path.parent / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def due_book(kehu):
    kehu("add", "张伟", "--met", "2026-11-01")  # #1 due 11-03: overdue
    kehu("add", "刘洋")  # due today
    return kehu


def test_digest_is_mailed_with_the_counts_in_the_subject(due_book, db_path, smtp_server, monkeypatch):
    port, inbox = smtp_server
    write_smtp_config(db_path, port)
    monkeypatch.setenv("KEHU_SMTP_PASSWORD", SECRET)
    result = due_book("digest", "--to", "me@example.com")
    assert "Digest sent to me@example.com: kehu: 2 due, 1 overdue" in result.stdout
    [(recipients, message)] = inbox.messages
    assert recipients == ["me@example.com"]
    assert message["Subject"] == "kehu: 2 due, 1 overdue"
    assert message["From"] == "kehu@example.com"
    assert "张伟" in message.get_body(("plain",)).get_content()


def test_an_html_digest_is_sent_with_a_plain_text_alternative(due_book, db_path, smtp_server, monkeypatch):
    port, inbox = smtp_server
    write_smtp_config(db_path, port)
    monkeypatch.setenv("KEHU_SMTP_PASSWORD", SECRET)
    due_book("digest", "--to", "me@example.com", "--format", "html")
    [(_, message)] = inbox.messages
    assert message.get_body(("html",)).get_content().startswith("<!DOCTYPE html>")
    assert message.get_body(("plain",)).get_content().startswith("kehu digest")


def test_the_password_can_come_from_a_command(due_book, db_path, smtp_server, monkeypatch):
    port, inbox = smtp_server
    write_smtp_config(db_path, port, password_command=f'"echo {SECRET}"')
    monkeypatch.delenv("KEHU_SMTP_PASSWORD", raising=False)
    due_book("digest", "--to", "me@example.com")
    assert len(inbox.messages) == 1


def test_a_refused_login_exits_4_with_one_line_and_sends_nothing(due_book, db_path, smtp_server, monkeypatch):
    port, inbox = smtp_server
    write_smtp_config(db_path, port)
    monkeypatch.setenv("KEHU_SMTP_PASSWORD", "wrong")
    result = due_book("digest", "--to", "me@example.com", ok=False)
    assert result.exit_code == 4
    assert result.stderr.startswith(f"kehu: SMTP login to 127.0.0.1:{port} refused: 535")
    assert result.stderr.count("\n") == 1
    assert inbox.messages == []


def test_an_unreachable_server_exits_4_with_one_line(due_book, db_path):
    write_smtp_config(db_path, free_port())  # nothing listens there
    result = due_book("digest", "--to", "me@example.com", ok=False)
    assert result.exit_code == 4
    assert "can't reach SMTP server 127.0.0.1" in result.stderr and result.stderr.count("\n") == 1


def test_no_smtp_settings_is_a_clear_error(due_book):
    result = due_book("digest", "--to", "me@example.com", ok=False)
    assert result.exit_code == 4 and "no SMTP server configured" in result.stderr


def test_a_password_in_the_config_file_is_refused(due_book, db_path, smtp_server):
    write_smtp_config(db_path, smtp_server[0], password='"hunter2"')
    result = due_book("digest", "--to", "me@example.com", ok=False)
    assert result.exit_code == 2 and "must not be stored in clear" in result.stderr


def test_if_due_sends_nothing_when_nothing_is_due(kehu, db_path, smtp_server, monkeypatch):
    port, inbox = smtp_server
    write_smtp_config(db_path, port)
    monkeypatch.setenv("KEHU_SMTP_PASSWORD", SECRET)
    kehu("add", "张三", "--met", "2026-11-23")
    assert kehu("digest", "--to", "me@example.com", "--if-due").stdout == ""
    assert inbox.messages == []


def test_digest_and_log_at_the_same_moment_both_succeed(db_path, tmp_path):
    env = os.environ | {"KEHU_DB": str(db_path), "KEHU_CONFIG": str(tmp_path / "none.toml"), "KEHU_TODAY": "2026-11-23"}
    kehu = [sys.executable, "-m", "kehu"]
    subprocess.run(kehu + ["demo"], env=env, check=True, capture_output=True)
    loops = 12
    logger = subprocess.Popen(
        ["bash", "-c", f'for i in $(seq {loops}); do {" ".join(kehu)} log 1 --note "call $i" || exit 1; done'],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    digests = subprocess.Popen(
        ["bash", "-c", f'for i in $(seq {loops}); do {" ".join(kehu)} digest > /dev/null || exit 1; done'],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert logger.wait(timeout=120) == 0, logger.stderr.read()
    assert digests.wait(timeout=120) == 0, digests.stderr.read()
    shown = subprocess.run(kehu + ["show", "1", "--json"], env=env, capture_output=True, text=True, check=True)
    assert shown.stdout.count('"call ') == loops
