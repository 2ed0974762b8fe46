"""A throw-away renkei instance, run as an operator runs it: a fresh database (an SQLite file, or
a new database on the PostgreSQL server that ``DATABASE_URL`` names), ``renkei setup``, the demo
accounts with API tokens, and gunicorn with several workers on a free loopback port.

The race tests, the backup round trip and ``bench/soak.py`` use it, so what they measure is the
real server on real connections, not a test client inside one process.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEMO_USERS = (
    "isa.contact",
    "isa.publisher",
    "mhlw.liaison",
    "kh.contact",
    "la.contact",
    "kg.contact",
    "pk.contact",
    "tj.contact",
    "kh.embassy",
)

_TOKENS_SCRIPT = """
import json, sys
import django
django.setup()
from renkei.accounts.models import User
from renkei.accounts.services import api_token_create
out = {}
for name in sys.argv[1:]:
    _token, secret = api_token_create(actor=None, user=User.objects.get(username=name), name="instance", days=5)
    out[name] = secret
print(json.dumps(out))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Response:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Instance:
    home: Path
    database_url: str  # empty: SQLite under home
    tokens: dict[str, str] = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen | None = None
    extra_env: dict[str, str] = field(default_factory=dict)  # for the server and commands

    # ------------------------------------------------------------ running renkei

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            RENKEI_HOME=str(self.home),
            DJANGO_SETTINGS_MODULE="renkei.settings",
            DEBUG="false",
            HTTPS="false",  # plain HTTP on the loopback address
            PYTHONDONTWRITEBYTECODE="1",
        )
        # Benches and the soak drive thousands of calls a second through one token from one
        # address, which the rate limits exist to refuse; they run without, unless told.
        env.setdefault("API_RATE_LIMIT", "")
        env.setdefault("LOGIN_RATE_LIMIT", "")
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        else:
            env.pop("DATABASE_URL", None)
        env.update(self.extra_env)
        return env

    def renkei(self, *args: str, check: bool = True, timeout: int = 600):
        done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "renkei", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and done.returncode != 0:
            raise RuntimeError(
                f"renkei {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}"
            )
        return done

    def python(self, script: str, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", script, *args],
            env=self.env(),
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        return done.stdout

    def set_up(self, users: tuple[str, ...] = DEMO_USERS) -> Instance:
        self.renkei("setup", "--no-static")
        self.renkei("demo", "--accounts-only")
        self.tokens = json.loads(self.python(_TOKENS_SCRIPT, *users).strip().splitlines()[-1])
        return self

    def start(self, workers: int = 4) -> Instance:
        self.port = free_port()
        log = (self.home / "server.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "renkei",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
            ],
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.call("GET", "/api/v1/health").status == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: see {self.home / 'server.log'}")
            time.sleep(0.2)
        raise RuntimeError("the server did not answer within a minute")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def close(self) -> None:
        self.stop()
        if self.database_url:
            _postgres_drop(self.database_url)

    # ------------------------------------------------------------ talking to it

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def call(
        self,
        method: str,
        path: str,
        user: str | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Response:
        request_headers = {"Accept": "application/json", **(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            request_headers["Content-Type"] = "application/json"
        if user is not None:
            request_headers["Authorization"] = f"Bearer {self.tokens[user]}"
        request = urllib.request.Request(  # noqa: S310 - a loopback address we started
            self.base_url + path, data=data, method=method, headers=request_headers
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:  # noqa: S310
                raw, status, got = reply.read(), reply.status, dict(reply.headers)
        except urllib.error.HTTPError as error:
            raw, status, got = error.read(), error.code, dict(error.headers)
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode("utf-8", "replace")
        return Response(status, parsed, got)

    # ------------------------------------------------------------ reading its database

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        """A read straight from the database, outside renkei (placeholders: ``%s``)."""
        if self.database_url:
            import psycopg

            with psycopg.connect(_libpq_url(self.database_url)) as connection:
                return list(connection.execute(query, params).fetchall())
        connection = sqlite3.connect(self.home / "renkei.sqlite3", timeout=20)
        try:
            return list(connection.execute(query.replace("%s", "?"), params).fetchall())
        finally:
            connection.close()


def instance_create(base: Path, *, postgres_url: str | None = None) -> Instance:
    """A new instance under ``base``. On PostgreSQL (``postgres_url``, or ``DATABASE_URL`` when
    it names one) a new database is made on that server, and dropped by ``close()``."""
    home = Path(base)
    home.mkdir(parents=True, exist_ok=True)
    server = postgres_url or os.environ.get("DATABASE_URL", "")
    database_url = ""
    if server.startswith(("postgres://", "postgresql://")):
        database_url = _postgres_create(server, f"renkei_instance_{secrets.token_hex(4)}")
    return Instance(home=home, database_url=database_url)


def _libpq_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def _postgres_admin(url: str):
    import psycopg

    parts = urllib.parse.urlsplit(_libpq_url(url))
    return psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True)


def _postgres_create(server_url: str, name: str) -> str:
    with _postgres_admin(server_url) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(server_url)
    return parts._replace(path=f"/{name}").geturl()


def _postgres_drop(url: str) -> None:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with _postgres_admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
