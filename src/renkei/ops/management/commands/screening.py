from django.core.management.base import BaseCommand

from renkei.ops.screening_all import screening_run_all
from renkei.screening.services import screened_names_rekey


class Command(BaseCommand):
    help = (
        "`renkei screening run`: index every stored name again and screen them all. "
        "`renkei screening rekey`: key again the names an older matcher or library keyed."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("run", help="index and screen every name; new hits go to the queue")
        sub.add_parser(
            "rekey",
            help="key again the names whose keys another version made, screen those that "
            "changed (run by `renkei setup`)",
        )

    def handle(self, *args, **options):
        if options["action"] == "rekey":
            report = screened_names_rekey(actor=None)
            if options["verbosity"] == 0:
                return
            self.stdout.write(
                f"screening keys: {report.checked} names keyed again, {report.changed} changed, "
                f"{report.hits} new hits"
            )
            return
        counts = screening_run_all()
        self.stdout.write(
            f"{counts['sending_organisations']} sending organisations, "
            f"{counts['support_organisations']} support organisations, "
            f"{counts['reports']} misconduct reports screened: {counts['hits']} new hits"
        )
