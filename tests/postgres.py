"""A throw-away PostgreSQL server for the tests: initdb + pg_ctl from the PostgreSQL binaries, in
a temporary folder, on a Unix socket in that folder (trust for local connections) and on
127.0.0.1 at a free port (passwords checked: scram-sha-256), stopped at the end.

initdb refuses to run as root: under root the server runs as the `postgres` system user, in a
folder given to it. Without PostgreSQL binaries the tests that need them are skipped — unless
KEHU_REQUIRE_POSTGRES=1 (set by .ci/run), where that is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """The folder of initdb/pg_ctl: on the PATH, else the newest /usr/lib/postgresql/N/bin."""
    if found := shutil.which("initdb"):
        return Path(found).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0)
    for folder in reversed(folders):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running throw-away server; `url(db, user)` names a database on it."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="kehu-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            os.chmod(self.folder, 0o755)
            shutil.chown(self.folder, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd="/")

    def start(self) -> Server:
        self._run(self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth-local=trust",
                  "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync")
        options = (f"-k {self.folder} -c listen_addresses=127.0.0.1 -p {self.port} -F "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run(self.bin / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w", "start")
        return self

    def stop(self) -> None:
        try:
            self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, db: str = "postgres", user: str = "postgres") -> str:
        """A URL over the Unix socket (trust: no password)."""
        return f"postgresql://{user}@/{db}?host={self.folder}&port={self.port}"

    def tcp_url(self, db: str, user: str, password: str | None = None) -> str:
        """A URL over TCP on 127.0.0.1 (the password is checked)."""
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{db}"
