from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renkei.core.errors import ApplicationError
from renkei.registry.support_list import support_orgs_import


class Command(BaseCommand):
    help = "Registered support organisations: `renkei support-orgs import FILE [--as-of DATE]`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "import", help="import ISA's list (xlsx, or csv in UTF-8 or Shift_JIS)"
        )
        load.add_argument("file")
        load.add_argument("--as-of", help="the list's date, if the file does not say (YYYY-MM-DD)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError("--as-of must be YYYY-MM-DD") from exc
        try:
            report = support_orgs_import(
                actor=None, content=path.read_bytes(), filename=path.name, as_of=as_of
            )
        except ApplicationError as exc:
            raise CommandError(f"{exc.message} {exc.details or ''}".strip()) from exc
        version = report.version
        if report.unchanged:
            self.stdout.write(
                f"unchanged: the list as of {version.as_of} is already imported ({version.rows} rows)"
            )
            return
        self.stdout.write(
            f"imported the list as of {version.as_of}: {version.rows} rows; "
            f"{len(version.added)} added, {len(version.changed)} changed, {len(version.removed)} removed"
        )
