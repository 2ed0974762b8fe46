import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_the_configured_database():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    if expected == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            # The test database is in memory; WAL applies to the file-backed one.
            assert cursor.fetchone()[0] in {"wal", "memory"}
