# The model now lives in core (core 0001); its table stays, renamed by core 0002.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0005_kind_keys_without_choices"),
        ("core", "0001_idempotency_record_from_exchange"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="IdempotencyRecord")],
            database_operations=[],
        ),
    ]
