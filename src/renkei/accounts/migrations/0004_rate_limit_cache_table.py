"""0002 once passed the cache's alias ("ratelimit") to createcachetable, which takes table names:
it made a table called "ratelimit", and the limits' table renkei_rate_limits was missing outside
the test databases (where Django makes cache tables itself), so every token-authenticated call
failed once a limit was set. This makes the right table where it is missing and drops the stray
one."""

from django.core.management import call_command
from django.db import migrations


def repair(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias)
    schema_editor.execute(
        "DROP TABLE IF EXISTS " + schema_editor.connection.ops.quote_name("ratelimit")
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_time_zones")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
