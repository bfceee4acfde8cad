"""`kehu digest --to wecom,dingtalk,feishu`: a local server stands in for the three group robots and
checks what each robot checks — its payload shape, its size limit, its signature and the
signature's age — answering with the robot's own error replies; every failure exits 4 with one line
per failed robot, and no key or secret ever reaches the output."""

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
DING_TOKEN = "d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2"
DING_SECRET = "SECb6f8a0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9"
FEISHU_HOOK = "5e3d587e-d78e-4a07-bd07-265f269f86fd"
FEISHU_SECRET = "nIMtb7r3N9pkXyXdtAbx6e"
SECRETS = (WECOM_KEY, DING_TOKEN, DING_SECRET, FEISHU_HOOK, FEISHU_SECRET)


# ---------------------------------------------------------------------------------------------
# The stand-in robots: what each checks is written here from its documentation, not from kehu's code


def ok(robot: str) -> dict:
    return {"code": 0, "msg": "success", "data": {}} if robot == "feishu" else {"errcode": 0, "errmsg": "ok"}


def check_wecom(query: dict, body: dict) -> dict | None:
    if query.get("key") != [WECOM_KEY]:
        return {"errcode": 93000, "errmsg": "invalid webhook url, hint: [1700000000_1_abc], from ip: 127.0.0.1, "
                                            "more info at https://open.work.weixin.qq.com/devtool/query?e=93000"}
    if body.get("msgtype") == "markdown":
        content = body["markdown"]["content"]
        if len(content.encode("utf-8")) > 4096:
            return {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
    elif body.get("msgtype") == "text":
        text = body["text"]
        assert len(text["content"].encode("utf-8")) <= 2048
        assert all(isinstance(m, str) for m in text.get("mentioned_mobile_list", []) + text.get("mentioned_list", []))
    else:
        return {"errcode": 40008, "errmsg": "invalid message type"}
    return None


def check_dingtalk(query: dict, body: dict, secret: str | None) -> dict | None:
    if query.get("access_token") != [DING_TOKEN]:
        return {"errcode": 300005, "errmsg": "token is not exist"}
    if secret:
        timestamp = query.get("timestamp", [""])[0]
        if not timestamp.isdigit() or abs(int(timestamp) - time.time() * 1000) > 3600 * 1000:
            return {"errcode": 310000, "errmsg": "invalid timestamp"}
        want = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest())
        if query.get("sign", [""])[0] != want.decode():  # parse_qs has URL-decoded it
            return {"errcode": 310000, "errmsg": "sign not match"}
    if body.get("msgtype") != "markdown" or not body["markdown"].get("title") or not body["markdown"].get("text"):
        return {"errcode": 40035, "errmsg": "缺少参数 markdown"}
    assert len(body["markdown"]["text"].encode("utf-8")) <= 20000
    for mobile in body.get("at", {}).get("atMobiles", []):
        assert f"@{mobile}" in body["markdown"]["text"]  # else DingTalk shows no @
    return None


def check_feishu(path: str, raw: bytes, body: dict, secret: str | None) -> dict | None:
    if path != f"/open-apis/bot/v2/hook/{FEISHU_HOOK}":
        return {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"}
    if len(raw) > 20 * 1024:
        return {"code": 9499, "msg": "Bad Request", "data": {}}
    if secret:
        timestamp = body.get("timestamp", "")
        want = base64.b64encode(hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()).decode()
        if (not isinstance(timestamp, str) or not timestamp.isdigit() or abs(int(timestamp) - time.time()) > 3600
                or body.get("sign") != want):
            return {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
    if body.get("msg_type") != "post":
        return {"code": 9499, "msg": "Bad Request", "data": {}}
    [(language, post)] = body["content"]["post"].items()
    assert language in ("zh_cn", "en_us") and isinstance(post["title"], str)
    for paragraph in post["content"]:
        for element in paragraph:
            assert element["tag"] in ("text", "at")
            assert isinstance(element["text" if element["tag"] == "text" else "user_id"], str)
    return None


class Robots(ThreadingHTTPServer):
    """企业微信, 钉钉 and 飞书 on one loopback port; `script` queues special answers per robot."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), RobotHandler)
        self.received = {"wecom": [], "dingtalk": [], "feishu": []}
        self.refused = {"wecom": [], "dingtalk": [], "feishu": []}
        self.script = {"wecom": [], "dingtalk": [], "feishu": []}  # (status, reply, headers, delay)
        self.secrets = {"dingtalk": DING_SECRET, "feishu": FEISHU_SECRET}
        self.attempts = {"wecom": [], "dingtalk": [], "feishu": []}  # the time of every request

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class RobotHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        parts = urlsplit(self.path)
        robot = {"/cgi-bin": "wecom", "/robot": "dingtalk", "/open-apis": "feishu"}.get(
            "/" + parts.path.split("/")[1])
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        server: Robots = self.server
        server.attempts[robot].append(time.monotonic())
        if server.script[robot]:
            status, reply, headers, delay = server.script[robot].pop(0)
            time.sleep(delay)
            if reply is not None:
                return self.answer(status, reply, headers)
        assert self.headers["Content-Type"].startswith("application/json")
        body = json.loads(raw.decode("utf-8"))
        query = parse_qs(parts.query)
        if robot == "wecom":
            refusal = check_wecom(query, body)
        elif robot == "dingtalk":
            refusal = check_dingtalk(query, body, server.secrets["dingtalk"])
        else:
            refusal = check_feishu(parts.path, raw, body, server.secrets["feishu"])
        (server.refused if refusal else server.received)[robot].append(body)
        self.answer(200, refusal or ok(robot))

    def answer(self, status: int, reply, headers: dict | None = None):
        data = reply if isinstance(reply, bytes) else json.dumps(reply, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up waiting (the timeout test)


@pytest.fixture
def robots(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    for name in ("KEHU_WECOM_WEBHOOK", "KEHU_DINGTALK_WEBHOOK", "KEHU_FEISHU_WEBHOOK", "KEHU_DINGTALK_SECRET",
                 "KEHU_FEISHU_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("kehu.notify.http.BACKOFF", (0.05, 0.05))
    server = Robots()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def write_config(db_path, robots: Robots, extra: str = "", **tables: dict) -> None:
    """A config with the three robots at the stand-in server; `tables` replace or add keys."""
    config = {
        "wecom": {"webhook": f"{robots.base}/cgi-bin/webhook/send?key={WECOM_KEY}"},
        "dingtalk": {"webhook": f"{robots.base}/robot/send?access_token={DING_TOKEN}",
                     "secret_command": f"echo {DING_SECRET}"},
        "feishu": {"webhook_env": "FEISHU_HOOK_URL", "secret_env": "FEISHU_SIGNING_SECRET"},
    }
    for robot, table in tables.items():
        config[robot] = {**config[robot], **table}
    lines = [extra]
    for robot, table in config.items():
        lines.append(f"[notify.{robot}]")
        lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in table.items() if value is not None]
    (db_path.parent / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def configured(db_path, robots, monkeypatch):
    monkeypatch.setenv("FEISHU_HOOK_URL", f"{robots.base}/open-apis/bot/v2/hook/{FEISHU_HOOK}")
    monkeypatch.setenv("FEISHU_SIGNING_SECRET", FEISHU_SECRET)
    write_config(db_path, robots)
    return robots


@pytest.fixture
def due_book(kehu):
    kehu("add", "张伟", "--company", "华为技术", "--met", "2026-11-01")  # #1 due 11-03: overdue
    kehu("add", "刘洋")  # due today
    return kehu


def one_line_without_secrets(result) -> str:
    assert result.exit_code == 4, result
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("kehu: "), result.stderr
    assert "Traceback" not in result.stderr
    for secret in SECRETS:
        assert secret not in result.stdout + result.stderr
    return result.stderr


def texts(robots: Robots, robot: str) -> str:
    return json.dumps(robots.received[robot], ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# delivered


def test_the_digest_reaches_all_three_robots_well_formed_and_signed(due_book, configured):
    result = due_book("digest", "--to", "wecom,dingtalk,feishu")
    assert result.stdout.splitlines() == [f"Digest sent to {name}: kehu: 2 due, 1 overdue"
                                          for name in ("WeCom", "DingTalk", "Feishu")]
    assert all(not refused for refused in configured.refused.values())
    [wecom] = configured.received["wecom"]
    assert wecom["msgtype"] == "markdown" and wecom["markdown"]["content"].startswith("### kehu digest — ")
    assert "张伟 (华为技术, C): follow-up #1, 20 days overdue" in wecom["markdown"]["content"]
    [ding] = configured.received["dingtalk"]
    assert ding["markdown"]["title"] == "kehu: 2 due, 1 overdue" and "- 刘洋" in ding["markdown"]["text"]
    [feishu] = configured.received["feishu"]
    post = feishu["content"]["post"]["en_us"]
    assert post["title"].startswith("kehu digest — ") and "张伟" in texts(configured, "feishu")


def test_chinese_robot_names_are_understood(due_book, configured):
    result = due_book("digest", "--to", "企业微信，钉钉")
    assert len(result.stdout.splitlines()) == 2
    assert len(configured.received["wecom"]) == len(configured.received["dingtalk"]) == 1


def test_notify_targets_are_where_a_plain_digest_goes(due_book, configured, db_path):
    text = (db_path.parent / "config.toml").read_text(encoding="utf-8")
    (db_path.parent / "config.toml").write_text('[notify]\ntargets = ["feishu", "wecom"]\n' + text, encoding="utf-8")
    result = due_book("digest")
    assert result.stdout.splitlines() == ["Digest sent to Feishu: kehu: 2 due, 1 overdue",
                                          "Digest sent to WeCom: kehu: 2 due, 1 overdue"]
    assert len(configured.received["feishu"]) == 1 and configured.received["dingtalk"] == []
    # writing it to a file sends nothing
    due_book("digest", "--output", str(db_path.parent / "digest.txt"))
    assert len(configured.received["feishu"]) == 1


def test_robots_without_signing_get_unsigned_messages(due_book, db_path, robots, monkeypatch):
    robots.secrets = {"dingtalk": None, "feishu": None}
    monkeypatch.setenv("FEISHU_HOOK_URL", f"{robots.base}/open-apis/bot/v2/hook/{FEISHU_HOOK}")
    write_config(db_path, robots, dingtalk={"secret_command": None}, feishu={"secret_env": None})
    due_book("digest", "--to", "dingtalk,feishu")
    assert "timestamp" not in robots.received["feishu"][0]
    assert len(robots.received["dingtalk"]) == 1


def test_the_owner_is_mentioned_as_each_robot_allows(due_book, db_path, configured):
    write_config(db_path, configured, wecom={"mention": ["13800000000", "zhangsan"]},
                 dingtalk={"mention": "13800000000"}, feishu={"mention": ["ou_7d8a6e6df7621556ce0d21922b676706"]})
    due_book("digest", "--to", "wecom,dingtalk,feishu")
    markdown, text = configured.received["wecom"]  # a markdown message can't @: a short text message does
    assert text == {"msgtype": "text", "text": {"content": "kehu: 2 due, 1 overdue",
                                                "mentioned_mobile_list": ["13800000000"],
                                                "mentioned_list": ["zhangsan"]}}
    [ding] = configured.received["dingtalk"]
    assert ding["at"] == {"atMobiles": ["13800000000"], "atUserIds": [], "isAtAll": False}
    assert "@13800000000" in ding["markdown"]["text"]
    [feishu] = configured.received["feishu"]
    first = feishu["content"]["post"]["en_us"]["content"][0]
    assert first == [{"tag": "at", "user_id": "ou_7d8a6e6df7621556ce0d21922b676706"}]


def test_a_long_digest_is_split_within_each_limit_and_no_item_is_cut(kehu, configured, tmp_path):
    rows = ["姓名,公司,级别"] + [f"客户{i:03d},{'深圳市某某科技有限公司' * 3}{i},A" for i in range(160)]
    (tmp_path / "many.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    kehu("import", str(tmp_path / "many.csv"))
    kehu("digest", "--to", "wecom,dingtalk,feishu", "--limit", "0")  # all 160 items: a long digest
    assert all(not refused for refused in configured.refused.values())  # every message within its robot's limit
    contents = [m["markdown"]["content"] for m in configured.received["wecom"]]
    assert len(contents) == 5 and contents[0].startswith("### kehu digest") and "(1/5)" in contents[0]
    shown = [name for name in (f"客户{i:03d}" for i in range(160)) if any(name in c for c in contents)]
    for name in shown:
        [holder] = [c for c in contents if name in c]  # once, and whole, in a single message
        assert f"{name} ({'深圳市某某科技有限公司' * 3}" in holder
    # five messages a morning at most: the last says how many lines it left out, and where they are
    left_out = 160 - len(shown) + 2  # and yesterday's two lines
    assert left_out > 2 and contents[-1].endswith(
        f"… and {left_out} more lines: run `kehu digest` to read all of it</font>")
    ding = [m["markdown"]["text"] for m in configured.received["dingtalk"]]
    assert len(ding) == 2  # 20000 bytes a message: all of it, in two
    assert all(sum(f"{name} (" in t for t in ding) == 1 for name in (f"客户{i:03d}" for i in range(160)))


# ---------------------------------------------------------------------------------------------
# refused: one line each, no secret, exit 4


def test_a_wrong_dingtalk_secret_is_refused_as_dingtalk_refuses_it(due_book, db_path, configured):
    write_config(db_path, configured, dingtalk={"secret_command": "echo SECwrong0000000000"})
    line = one_line_without_secrets(due_book("digest", "--to", "dingtalk", ok=False))
    assert line == "kehu: DingTalk refused the message: errcode 310000: sign not match\n"


def test_a_wrong_feishu_secret_is_refused_as_feishu_refuses_it(due_book, configured, monkeypatch):
    monkeypatch.setenv("FEISHU_SIGNING_SECRET", "not-the-secret")
    line = one_line_without_secrets(due_book("digest", "--to", "feishu", ok=False))
    assert line.startswith("kehu: Feishu refused the message: code 19021: sign match fail")


def test_a_wrong_wecom_key_shows_the_reason_but_not_the_key(due_book, db_path, configured):
    write_config(db_path, configured, wecom={"webhook": f"{configured.base}/cgi-bin/webhook/send?key=0000-wrong-key"})
    line = one_line_without_secrets(due_book("digest", "--to", "wecom", ok=False))
    assert line == "kehu: WeCom refused the message: errcode 93000: invalid webhook url\n"
    assert "0000-wrong-key" not in line


def test_an_error_code_in_a_200_reply_fails(due_book, configured):
    configured.script["wecom"].append((200, {"errcode": 45009, "errmsg": "api freq out of limit"}, {}, 0))
    line = one_line_without_secrets(due_book("digest", "--to", "wecom", ok=False))
    assert line == "kehu: WeCom refused the message: errcode 45009: api freq out of limit\n"


def test_a_server_error_is_retried_and_then_delivered(due_book, configured):
    configured.script["dingtalk"].append((500, b"<html>Internal Server Error</html>", {}, 0))
    due_book("digest", "--to", "dingtalk")
    assert len(configured.attempts["dingtalk"]) == 2 and len(configured.received["dingtalk"]) == 1


def test_429_waits_as_long_as_retry_after_says(due_book, configured):
    configured.script["feishu"].append((429, {"code": 11232, "msg": "frequency limited"}, {"Retry-After": "1"}, 0))
    due_book("digest", "--to", "feishu")
    first, second = configured.attempts["feishu"]
    assert second - first >= 0.95 and len(configured.received["feishu"]) == 1


def test_a_robot_asking_to_wait_too_long_is_reported_at_once(due_book, configured):
    configured.script["wecom"].append((429, {"errcode": 45009, "errmsg": "api freq out of limit"}, {"Retry-After": "3600"}, 0))
    line = one_line_without_secrets(due_book("digest", "--to", "wecom", ok=False))
    assert line == f"kehu: WeCom ({configured.base[7:]}) answered HTTP 429 Too Many Requests: api freq out of limit\n"
    assert len(configured.attempts["wecom"]) == 1


def test_a_server_error_that_persists_fails_after_three_tries(due_book, configured):
    configured.script["wecom"] += [(502, b"bad gateway", {}, 0)] * 3
    line = one_line_without_secrets(due_book("digest", "--to", "wecom", ok=False))
    assert "answered HTTP 502 Bad Gateway" in line and len(configured.attempts["wecom"]) == 3


def test_a_robot_that_does_not_answer_in_time_fails(due_book, db_path, configured):
    write_config(db_path, configured, extra="[notify]\ntimeout = 0.3")
    configured.script["wecom"].append((200, ok("wecom"), {}, 1.5))
    line = one_line_without_secrets(due_book("digest", "--to", "wecom", ok=False))
    assert line == f"kehu: WeCom ({configured.base[7:]}) did not answer within 0.3 s\n"


def test_an_unreachable_robot_fails(due_book, db_path, configured):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    write_config(db_path, configured, wecom={"webhook": f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key={WECOM_KEY}"})
    line = one_line_without_secrets(due_book("digest", "--to", "wecom", ok=False))
    assert line.startswith(f"kehu: can't reach WeCom at 127.0.0.1:{port}: ")


def test_a_robot_without_a_webhook_says_how_to_add_one(due_book, db_path, configured):
    write_config(db_path, configured, wecom={"webhook": None})
    line = one_line_without_secrets(due_book("digest", "--to", "wecom", ok=False))
    assert line.startswith('kehu: no webhook for WeCom: add [notify.wecom] webhook = "https://…"')


def test_a_missing_secret_is_a_failure_not_an_unsigned_message(due_book, configured, monkeypatch):
    monkeypatch.delenv("FEISHU_SIGNING_SECRET")
    line = one_line_without_secrets(due_book("digest", "--to", "feishu", ok=False))
    assert line == "kehu: no signing secret for Feishu: FEISHU_SIGNING_SECRET gave nothing\n"
    assert configured.attempts["feishu"] == []


def test_a_failing_secret_command_is_named(due_book, db_path, configured):
    write_config(db_path, configured, dingtalk={"secret_command": "false"})
    line = one_line_without_secrets(due_book("digest", "--to", "dingtalk", ok=False))
    assert line.startswith("kehu: notify.dingtalk.secret_command exited 1")


def test_every_target_is_tried_and_each_failure_reported(due_book, db_path, configured):
    configured.script["wecom"].append((200, {"errcode": 93000, "errmsg": "invalid webhook url"}, {}, 0))
    configured.script["feishu"].append((200, {"code": 9499, "msg": "Bad Request"}, {}, 0))
    result = due_book("digest", "--to", "wecom,dingtalk,feishu", ok=False)
    assert result.exit_code == 4
    assert result.stdout == "Digest sent to DingTalk: kehu: 2 due, 1 overdue\n"
    assert result.stderr.splitlines() == ["kehu: WeCom refused the message: errcode 93000: invalid webhook url",
                                          "kehu: Feishu refused the message: code 9499: Bad Request"]


def test_if_due_sends_nothing_when_nothing_is_due(kehu, configured):
    kehu("add", "张三", "--met", "2026-11-23")
    assert kehu("digest", "--to", "wecom,dingtalk,feishu", "--if-due").stdout == ""
    assert all(not attempts for attempts in configured.attempts.values())


# ---------------------------------------------------------------------------------------------
# the config


@pytest.mark.parametrize("table, message", [
    ('[notify.dingtalk]\nsecret = "SECabc"', "notify.dingtalk.secret must not be stored in clear; use secret_command"),
    ('[notify.wecom]\nsecret_env = "X"', "unknown key 'secret_env' in [notify.wecom]"),
    ('[notify.feishu]\nwebhok = "https://x"', "unknown key 'webhok' in [notify.feishu]"),
    ('[notify]\nrobots = ["wecom"]', "unknown key 'robots' in [notify]"),
    ('[notify]\ntargets = ["wechat"]', "notify.targets 'wechat' is neither a robot (wecom, dingtalk, feishu), smtp"),
    ('[notify]\ntargets = "wecom"', 'notify.targets must be a list such as ["wecom"]'),
    ('[notify]\ntimeout = 0', "notify.timeout must be seconds from 0.1 to 600"),
    ('[notify.wecom]\nwebhook = "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K"', "notify.wecom.webhook must be the robot's https:// address"),
    ('[notify.wecom]\nwebhook = "https://a"\nwebhook_command = "pass x"', "sets both webhook and webhook_command"),
    ('[notify.dingtalk]\nmention = ["138 0000 0000"]', "notify.dingtalk.mention must be mobile numbers or user ids"),
    ('[notify.feishu]\nsecret_env = 3', "notify.feishu.secret_env must be a text in quotes"),
    ('notify = 3', "[notify] must be a table"),
])
def test_a_wrong_notify_setting_is_refused_with_one_line(due_book, db_path, table, message):
    (db_path.parent / "config.toml").write_text(table + "\n", encoding="utf-8")
    result = due_book("digest", "--to", "wecom", ok=False)
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1
    assert "qyapi" not in result.stderr and "SECabc" not in result.stderr


def test_an_unknown_target_on_the_command_line_is_refused(due_book):
    result = due_book("digest", "--to", "wechat", ok=False)
    assert result.exit_code == 2
    assert "--to 'wechat' is neither a robot (wecom, dingtalk, feishu), smtp, nor an e-mail address" in result.stderr


def test_kehu_config_shows_the_robots_without_their_keys(due_book, configured):
    shown = due_book("config", "--json").stdout
    settings = {s["key"]: s["value"] for s in json.loads(shown)["settings"]}
    assert settings["notify.wecom.webhook"] == f"{configured.base}/cgi-bin/webhook/send?key=***"
    assert settings["notify.feishu.secret_env"] == "FEISHU_SIGNING_SECRET"
    assert WECOM_KEY not in shown and DING_TOKEN not in shown


def test_the_json_hand_over_carries_no_robot_secret_or_webhook(due_book, configured, tmp_path):
    due_book("export", "--format", "json", "--output", str(tmp_path / "book.json"))
    text = (tmp_path / "book.json").read_text(encoding="utf-8")
    for secret in SECRETS + ("secret_command", "webhook", "FEISHU_SIGNING_SECRET"):
        assert secret not in text
    assert "notify" in text or "feishu" not in text  # the tables themselves may travel, emptied


# ---------------------------------------------------------------------------------------------
# e-mail beside the robots


def test_smtp_is_a_target_like_the_robots(due_book, db_path, configured):
    from aiosmtpd.controller import Controller

    class Inbox:
        messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope.rcpt_tos)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        config = (db_path.parent / "config.toml").read_text(encoding="utf-8")
        smtp = f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\nto = "me@example.com"\n'
        (db_path.parent / "config.toml").write_text(smtp + config, encoding="utf-8")
        result = due_book("digest", "--to", "smtp,wecom,boss@example.com")
    finally:
        controller.stop()
    assert result.stdout.splitlines() == ["Digest sent to me@example.com: kehu: 2 due, 1 overdue",
                                          "Digest sent to WeCom: kehu: 2 due, 1 overdue",
                                          "Digest sent to boss@example.com: kehu: 2 due, 1 overdue"]
    assert inbox.messages == [["me@example.com"], ["boss@example.com"]]


def test_smtp_without_an_address_says_where_to_put_one(due_book, configured):
    line = one_line_without_secrets(due_book("digest", "--to", "smtp", ok=False))
    assert line.startswith('kehu: e-mail needs an address: add [smtp] to = "name@example.com"')


def test_only_sending_to_a_robot_loads_the_http_client(db_path):
    import os
    import subprocess
    import sys

    probe = ("import sys, runpy; sys.argv = ['kehu', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('kehu', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith('kehu.notify') or m in ('urllib.request', 'hmac')),"
             " file=sys.stderr)")
    env = dict(os.environ)
    subprocess.run([sys.executable, "-m", "kehu", "demo"], env=env, capture_output=True, check=True)
    for args in (["--help"], ["due"], ["digest"]):
        loaded = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env)
        modules = loaded.stderr.strip().splitlines()[-1]
        assert "urllib.request" not in modules and "hmac" not in modules and "kehu.notify.http" not in modules, args
        if args != ["digest"]:
            assert "kehu.notify" not in modules, args


@pytest.mark.parametrize("robot", ["wecom", "dingtalk", "feishu"])
def test_each_example_config_is_one_kehu_accepts(robot):
    from pathlib import Path

    from kehu.config.file import load_config
    from kehu.notify.settings import notify_settings

    path = Path(__file__).resolve().parent.parent / "examples" / f"notify-{robot}.toml"
    load_config(path)  # the whole file: no unknown table
    settings = notify_settings(path)
    assert settings.targets == (robot,) and settings.robot(robot).mention
