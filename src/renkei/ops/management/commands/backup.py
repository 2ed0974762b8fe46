from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renkei.ops.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write one file holding the database, the attachments and a checkpoint signed now "
        "(not the signing key: keep $RENKEI_HOME/ledger-keys apart)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup to write (a .tar.gz)")

    def handle(self, *args, **options):
        try:
            report = backup_write(Path(options["file"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"backup written to {report.path}: {report.ledger_size} ledger events, "
            f"{report.attachments} attachment files"
        )
