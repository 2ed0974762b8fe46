from django.core.management.base import BaseCommand, CommandError

from renkei.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit ledger: `renkei audit verify` walks the hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="check every event's hash and link")

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"ledger broken at event #{result.broken_seq}: {result.reason} "
                f"({result.checked} events before it are intact)"
            )
        self.stdout.write(f"ledger intact: {result.checked} events verified")
