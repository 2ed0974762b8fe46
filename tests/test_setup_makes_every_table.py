"""`renkei setup` on a new database makes every table the running server needs, including the
rate limits' cache table, which test databases get from Django itself and so cannot show."""

import os
import sqlite3
import subprocess
import sys


def test_setup_on_a_new_database_makes_the_rate_limit_table(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "RENKEI_HOME": str(tmp_path / "home"),
    }
    subprocess.run(  # noqa: S603 - the project's own command
        [sys.executable, "-m", "renkei", "setup", "--no-static"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    tables = {
        name for (name,) in sqlite3.connect(database).execute("SELECT name FROM sqlite_master")
    }
    assert "renkei_rate_limits" in tables
    assert "ratelimit" not in tables  # what an alias mistaken for a table name once made
