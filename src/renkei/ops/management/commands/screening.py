from django.core.management.base import BaseCommand

from renkei.ops.screening_all import screening_run_all


class Command(BaseCommand):
    help = "`renkei screening run`: index every stored name again and screen them all."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("run", help="index and screen every name; new hits go to the queue")

    def handle(self, *args, **options):
        counts = screening_run_all()
        self.stdout.write(
            f"{counts['sending_organisations']} sending organisations, "
            f"{counts['support_organisations']} support organisations, "
            f"{counts['reports']} misconduct reports screened: {counts['hits']} new hits"
        )
