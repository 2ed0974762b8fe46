from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_idempotency_record_from_exchange"),
        ("exchange", "0006_idempotency_record_to_core"),
    ]

    operations = [
        migrations.AlterModelTable(name="idempotencyrecord", table=None),
    ]
