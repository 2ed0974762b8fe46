# ruff: noqa: S608 - the statements are built from the constant column names below, no input
"""What the database keeps for the exchange lists by itself, in the transaction that writes an
exchange, whoever writes it (ADR 24):

- ``exchange_exchangetally``: how many exchanges per agreement, side, kind, status and
  categories, so a list's total and the dashboard's open count add up a few rows;
- the text index: PostgreSQL's ``pg_trgm`` over ``search_text``, or on SQLite an FTS5 table with
  the trigram tokenizer (``exchange_search``); both answer the same substring question.

Installed by migration 0008. On SQLite a migration that rebuilds ``exchange_exchange`` (Django
copies the table to change a column) drops its triggers: such a migration must call
:func:`install` again. ``exchange/tests/test_tally_and_search.py`` fails if it does not.
"""

from __future__ import annotations

TALLY_KEY = ("agreement_id", "originating_side", "exchange_type", "status", "categories")

_COLUMNS = ", ".join(TALLY_KEY)


def _values(row: str) -> str:
    return ", ".join(f"{row}.{column}" for column in TALLY_KEY)


def _matches(row: str) -> str:
    return " AND ".join(f"{column} = {row}.{column}" for column in TALLY_KEY)


def _changed(distinct: str) -> str:
    return " OR ".join(f"OLD.{column} {distinct} NEW.{column}" for column in TALLY_KEY)


_ADD = (
    f"INSERT INTO exchange_exchangetally ({_COLUMNS}, n) VALUES ({_values('NEW')}, 1) "
    f"ON CONFLICT ({_COLUMNS}) DO UPDATE SET n = exchange_exchangetally.n + 1"
)
_REMOVE = f"UPDATE exchange_exchangetally SET n = n - 1 WHERE {_matches('OLD')}"

TALLY_FILL = (
    "DELETE FROM exchange_exchangetally; "
    f"INSERT INTO exchange_exchangetally ({_COLUMNS}, n) "
    f"SELECT {_COLUMNS}, COUNT(*) FROM exchange_exchange GROUP BY {_COLUMNS}"
)

SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS exchange_tally_insert AFTER INSERT ON exchange_exchange
    BEGIN {_ADD}; END""",
    f"""CREATE TRIGGER IF NOT EXISTS exchange_tally_delete AFTER DELETE ON exchange_exchange
    BEGIN {_REMOVE}; END""",
    f"""CREATE TRIGGER IF NOT EXISTS exchange_tally_update
    AFTER UPDATE OF {_COLUMNS} ON exchange_exchange WHEN {_changed("IS NOT")}
    BEGIN {_REMOVE}; {_ADD}; END""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS exchange_search USING fts5(
        search_text, content='exchange_exchange', content_rowid='id',
        tokenize='trigram case_sensitive 1')""",
    """CREATE TRIGGER IF NOT EXISTS exchange_search_insert AFTER INSERT ON exchange_exchange
    BEGIN INSERT INTO exchange_search (rowid, search_text) VALUES (NEW.id, NEW.search_text); END""",
    """CREATE TRIGGER IF NOT EXISTS exchange_search_delete AFTER DELETE ON exchange_exchange
    BEGIN INSERT INTO exchange_search (exchange_search, rowid, search_text)
        VALUES ('delete', OLD.id, OLD.search_text); END""",
    """CREATE TRIGGER IF NOT EXISTS exchange_search_update
    AFTER UPDATE OF search_text ON exchange_exchange
    BEGIN INSERT INTO exchange_search (exchange_search, rowid, search_text)
        VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO exchange_search (rowid, search_text) VALUES (NEW.id, NEW.search_text); END""",
    "INSERT INTO exchange_search (exchange_search) VALUES ('rebuild')",
]

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION exchange_tally_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NOT ({_changed("IS DISTINCT FROM")}) THEN
            RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' THEN
            {_ADD};
        ELSIF TG_OP = 'DELETE' THEN
            {_REMOVE};
        -- The two rows in one order whichever way the status moves (a reopening goes back):
        -- two writers never wait on each other's row.
        ELSIF ({_values("OLD")}) < ({_values("NEW")}) THEN
            {_REMOVE};
            {_ADD};
        ELSE
            {_ADD};
            {_REMOVE};
        END IF;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS exchange_tally_keep ON exchange_exchange",
    f"""CREATE TRIGGER exchange_tally_keep
    AFTER INSERT OR DELETE OR UPDATE OF {_COLUMNS} ON exchange_exchange
    FOR EACH ROW EXECUTE FUNCTION exchange_tally_keep()""",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX IF NOT EXISTS exchange_search_trigrams ON exchange_exchange
    USING gin (search_text gin_trgm_ops)""",
]

SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS exchange_tally_insert",
    "DROP TRIGGER IF EXISTS exchange_tally_delete",
    "DROP TRIGGER IF EXISTS exchange_tally_update",
    "DROP TRIGGER IF EXISTS exchange_search_insert",
    "DROP TRIGGER IF EXISTS exchange_search_delete",
    "DROP TRIGGER IF EXISTS exchange_search_update",
    "DROP TABLE IF EXISTS exchange_search",
]

POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS exchange_tally_keep ON exchange_exchange",
    "DROP FUNCTION IF EXISTS exchange_tally_keep()",
    "DROP INDEX IF EXISTS exchange_search_trigrams",
]


def install(schema_editor) -> None:
    """Create the triggers and the text index, and fill the tally from the table."""
    statements = POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement, params=None)
    for statement in TALLY_FILL.split("; "):
        schema_editor.execute(statement, params=None)


def uninstall(schema_editor) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRESQL_REMOVE if postgresql else SQLITE_REMOVE:
        schema_editor.execute(statement, params=None)


def tally_differences(connection) -> list[tuple]:
    """Groups where the tally and a count of the table disagree: none, unless something wrote
    around the triggers."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_COLUMNS}, COUNT(*) FROM exchange_exchange GROUP BY {_COLUMNS}")
        counted = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
        cursor.execute(f"SELECT {_COLUMNS}, n FROM exchange_exchangetally WHERE n <> 0")
        tallied = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
    return sorted(
        (key, counted.get(key, 0), tallied.get(key, 0))
        for key in counted.keys() | tallied.keys()
        if counted.get(key, 0) != tallied.get(key, 0)
    )
