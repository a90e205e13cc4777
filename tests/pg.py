"""A throwaway PostgreSQL server for the test session (initdb + pg_ctl on 127.0.0.1, random port).

PostgreSQL refuses to run as root; when the tests run as root (CI), the server runs as the
unprivileged ``nobody`` user through ``runuser``/``setpriv``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def find_bindir() -> Path | None:
    """The folder with initdb and pg_ctl, or None when PostgreSQL's server is not installed."""
    if (initdb := shutil.which("initdb")) and shutil.which("pg_ctl"):
        return Path(initdb).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def required_bindir() -> Path:
    """The server binaries, or a skip — a failure on CI, which must run the PostgreSQL tests."""
    import pytest

    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) not found: CI must run the PostgreSQL tests")
        pytest.skip("PostgreSQL server binaries not installed")
    return bindir


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_unprivileged(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--", *argv]
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *argv]


@dataclass
class PostgresServer:
    bindir: Path
    root: Path
    port: int

    @property
    def admin_url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    @classmethod
    def start(cls, bindir: Path) -> PostgresServer:
        root = Path(tempfile.mkdtemp(prefix="goldcard-pg-"))
        os.chmod(root, 0o777)
        data = root / "data"
        if os.geteuid() == 0:
            shutil.chown(root, "nobody")
        port = _free_port()
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        subprocess.run(_as_unprivileged([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                         "-E", "UTF8", "--no-sync"]),
                       check=True, capture_output=True, env=env, cwd=root)
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        subprocess.run(_as_unprivileged([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                                         str(root / "server.log"), "-w", "-t", "60", "start"]),
                       check=True, capture_output=True, env=env, cwd=root)
        return cls(bindir, root, port)

    def pause(self) -> None:
        """Stop the server, keeping its data (an outage); :meth:`resume` starts it again on the same port."""
        subprocess.run(_as_unprivileged([str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast",
                                         "-w", "stop"]), check=True, capture_output=True, cwd=self.root)

    def resume(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(_as_unprivileged([str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-o", options,
                                         "-l", str(self.root / "server.log"), "-w", "-t", "60", "start"]),
                       check=True, capture_output=True, cwd=self.root,
                       env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})

    def stop(self) -> None:
        subprocess.run(_as_unprivileged([str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m",
                                         "immediate", "-w", "stop"]), capture_output=True, cwd=self.root)
        shutil.rmtree(self.root, ignore_errors=True)
