from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renkei.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `renkei backup`: the database and the attachments. Stop the "
        "server and the workers first. Refuses a database that holds data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup to restore")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that holds data"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no backup at {path}")
        try:
            report = restore(path, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {report.restored_size} ledger events and {report.attachments} attachment "
            f"files from {path.name}"
        )
        if report.lost:
            self.stdout.write(
                f"{report.lost} events after the backup were lost (the newest checkpoint known "
                f"covers {report.known_size}); their ids and {len(report.reserved_references)} "
                "reference numbers are reserved and will not be issued again"
            )
