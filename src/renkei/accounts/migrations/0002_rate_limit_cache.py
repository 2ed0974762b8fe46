"""The table the rate limits count in (settings.CACHES["ratelimit"], ADR 20): made here so that
`renkei setup` and the test databases have it without a separate createcachetable."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", "ratelimit", database=schema_editor.connection.alias)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS renkei_rate_limits")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
