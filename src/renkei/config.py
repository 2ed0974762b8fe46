"""The environment variables renkei reads: one declaration each, with default and help text.

``settings.py`` reads values through :func:`env_value`; ``renkei config`` prints the table that the
README carries, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import os
import secrets
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import environ

_env = environ.Env()


@dataclass(frozen=True)
class Variable:
    name: str
    kind: str  # str, bool, int, list, db, path
    default: Any
    help: str


def _default_home() -> str:
    # A checkout keeps its data beside the code (var/); an installed package uses the cwd.
    return str(Path.cwd() / "var")


VARIABLES: list[Variable] = [
    Variable(
        "RENKEI_HOME",
        "path",
        None,
        "Directory for the SQLite database, static files and uploads. Default: `./var`.",
    ),
    Variable(
        "DATABASE_URL",
        "db",
        None,
        "Database URL. Default: SQLite (WAL) at `$RENKEI_HOME/renkei.sqlite3`; `postgres://user:pass@host:port/name` for PostgreSQL.",
    ),
    Variable(
        "DATABASE_REPLICA_URL",
        "db",
        None,
        "PostgreSQL: a read replica (streaming replication) of `DATABASE_URL`. Reads outside a write then go to it; writes, reads inside a write's transaction and a browser's requests for a few seconds after its own write go to the primary (docs/scaling.md). Unset: one database.",
    ),
    Variable(
        "DB_CONN_MAX_AGE",
        "int",
        60,
        "Seconds a database connection is kept open for reuse between requests (0: a new one per request).",
    ),
    Variable(
        "DB_PREPARED_STATEMENTS",
        "bool",
        True,
        "PostgreSQL: bind parameters on the server and prepare a statement after its fifth use on a connection (planning a small join costs more than running it). Turn off behind a PgBouncer in transaction mode without `max_prepared_statements`.",
    ),
    Variable(
        "SECRET_KEY",
        "str",
        None,
        "Django secret key. Default: a random key generated once into `$RENKEI_HOME/secret_key`.",
    ),
    Variable(
        "DEBUG",
        "bool",
        False,
        "Development mode: detailed error pages, static files served from the source tree.",
    ),
    Variable(
        "ALLOWED_HOSTS",
        "list",
        ["127.0.0.1", "localhost"],
        "Comma-separated host names the server answers to.",
    ),
    Variable(
        "CSRF_TRUSTED_ORIGINS",
        "list",
        [],
        "Comma-separated origins (scheme://host) trusted for form posts behind a proxy.",
    ),
    Variable(
        "HTTPS",
        "bool",
        None,
        "The site is served over HTTPS, through a proxy that sets `X-Forwarded-Proto`: cookies are `Secure` and HSTS is sent for a year. Default: on unless `DEBUG`; turn off only for a plain-HTTP test instance.",
    ),
    Variable(
        "EMAIL_BACKEND",
        "str",
        "django.core.mail.backends.console.EmailBackend",
        "Django e-mail backend; `django.core.mail.backends.smtp.EmailBackend` for real delivery.",
    ),
    Variable("EMAIL_HOST", "str", "localhost", "SMTP host."),
    Variable("EMAIL_PORT", "int", 25, "SMTP port."),
    Variable("EMAIL_HOST_USER", "str", "", "SMTP user name."),
    Variable("EMAIL_HOST_PASSWORD", "str", "", "SMTP password."),
    Variable("EMAIL_USE_TLS", "bool", False, "Use STARTTLS for SMTP."),
    Variable("DEFAULT_FROM_EMAIL", "str", "renkei@localhost", "Sender address of notices."),
    Variable(
        "AXES_FAILURE_LIMIT",
        "int",
        5,
        "Failed log-ins for one user name from one address before that pair is locked (the same officer still logs in from elsewhere).",
    ),
    Variable(
        "AXES_COOLOFF_MINUTES",
        "int",
        15,
        "Minutes the first lock of a user name at an address lasts; each further lock there within a day lasts twice as long, up to a day.",
    ),
    Variable(
        "LOGIN_RATE_LIMIT",
        "str",
        "30/m",
        "Log-in attempts one address may make (`count/period`, period `s`, `m`, `h` or `d`); more get 429 with `Retry-After`. Empty: no limit.",
    ),
    Variable(
        "API_RATE_LIMIT",
        "str",
        "1200/m",
        "Calls one API token may make (`count/period`); more get 429 with `Retry-After`. Empty: no limit.",
    ),
    Variable(
        "PROXY_COUNT",
        "int",
        0,
        "Trusted reverse proxies in front of renkei: the client's address for lock-outs and rate limits is read that many hops from the right of `X-Forwarded-For` (0: the connection's address).",
    ),
    Variable(
        "ATTACHMENT_MAX_MB",
        "int",
        20,
        "Largest attachment accepted, in megabytes.",
    ),
    Variable(
        "REQUEST_MAX_KB",
        "int",
        1024,
        "Largest JSON or form body accepted, files aside, in kilobytes; a larger one is refused (413) before it is read.",
    ),
    Variable(
        "RETENTION_VISIBLE_DAYS",
        "int",
        183,
        "Days after an exchange closes (or a suspension case is decided) that its personal data stays visible to everyone who may see the record; then only contact points see it (ADR 21).",
    ),
    Variable(
        "RETENTION_ERASE_DAYS",
        "int",
        1096,
        "Days after closing or decision that personal data and attachments are erased (`renkei retention run`, swept by `renkei worker`).",
    ),
    Variable(
        "RETENTION_BY_AGREEMENT",
        "str",
        "",
        "Periods for particular agreements, overriding the two above: `CODE=visible:erase` pairs separated by commas, e.g. `PK=365:1826,KG=183:731`.",
    ),
    Variable(
        "SITE_URL",
        "str",
        "http://127.0.0.1:8000",
        "Public address of the site, used for links in e-mail notices.",
    ),
    Variable(
        "TASKS_BACKEND",
        "str",
        "django_tasks_db.DatabaseBackend",
        "django-tasks backend for e-mail notices and reminders; the database queue is run by `renkei worker`.",
    ),
    Variable(
        "API_TOKEN_DAYS",
        "int",
        90,
        "Days an API token is valid unless its creator sets another expiry.",
    ),
    Variable(
        "SCREENING_BATCH_PROCESSES",
        "int",
        0,
        "Processes sharing a large screening batch (`renkei screening run`, a register imported whole): 0 is one per core, 1 keeps it in the calling process.",
    ),
    Variable(
        "LEDGER_ORIGIN",
        "str",
        None,
        "Name of the ledger in its signed checkpoints and of its signing key. Default: the host of `SITE_URL` followed by `/renkei-ledger`.",
    ),
    Variable(
        "LEDGER_CHECKPOINT_MINUTES",
        "int",
        60,
        "Minutes between the signed checkpoints `renkei worker` writes while the ledger grows (0: none).",
    ),
]

_BY_NAME = {v.name: v for v in VARIABLES}


def env_value(name: str) -> Any:
    var = _BY_NAME[name]
    raw = os.environ.get(name)
    if name == "RENKEI_HOME":
        return raw or _default_home()
    if name == "DATABASE_REPLICA_URL":
        return _env.db_url_config(raw) if raw else None
    if name == "DATABASE_URL":
        if raw:
            return _env.db_url_config(raw)
        home = Path(env_value("RENKEI_HOME"))
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(home / "renkei.sqlite3")}
    if name == "LEDGER_ORIGIN" and not raw:
        host = urllib.parse.urlsplit(env_value("SITE_URL")).netloc or "localhost"
        return f"{host}/renkei-ledger"
    if name == "SECRET_KEY":
        return raw or _secret_key_file(Path(env_value("RENKEI_HOME")))
    if raw is None:
        return var.default
    if var.kind == "bool":
        return _env.bool(name)
    if var.kind == "int":
        return _env.int(name)
    if var.kind == "list":
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw


def _secret_key_file(home: Path) -> str:
    """A random key kept in $RENKEI_HOME/secret_key, made on first use, readable by us only."""
    path = home / "secret_key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def markdown_table() -> str:
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for var in VARIABLES:
        default = var.default
        if isinstance(default, list):
            default = ",".join(default) or "(empty)"
        elif default is None or default == "":
            default = "(see meaning)" if default is None else "(empty)"
        rows.append(f"| `{var.name}` | `{default}` | {var.help} |")
    return "\n".join(rows)
