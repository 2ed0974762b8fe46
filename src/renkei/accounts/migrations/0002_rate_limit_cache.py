"""The table the rate limits count in (settings.CACHES["ratelimit"], ADR 20): made here so that
`renkei setup` and the test databases have it without a separate createcachetable."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    # With no names, createcachetable makes the table of every database cache in settings
    # (renkei_rate_limits); a name given to it is a table's name, not a cache's (see 0004).
    call_command("createcachetable", database=schema_editor.connection.alias)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS renkei_rate_limits")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
