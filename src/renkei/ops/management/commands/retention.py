from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renkei.ops.retention import retention_run


class Command(BaseCommand):
    help = (
        "`renkei retention run`: block, then erase, the personal data of closed exchanges and "
        "decided suspension cases, and candidate certificates no longer in force, whose periods "
        "have passed (RETENTION_* settings)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="one pass of the schedule")
        run.add_argument(
            "--as-of",
            help="run as if it were this moment (ISO 8601), to see what a later pass will do",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options.get("as_of"):
            try:
                now = datetime.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError("--as-of takes an ISO 8601 date or date-time") from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        counts = retention_run(now)
        self.stdout.write(
            f"retention: {counts['exchanges_blocked']} exchanges blocked, "
            f"{counts['exchanges_erased']} erased; {counts['cases_blocked']} suspension cases "
            f"blocked, {counts['cases_erased']} erased; {counts['certificates_erased']} candidate "
            "certificates erased"
        )
