from django.core.management.base import BaseCommand, CommandError

from renkei.audit.services import audit_verify
from renkei.core.transitions import ledger_history_problems

SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = (
        "Audit ledger: `renkei audit verify` walks the hash chain and replays every object's "
        "history against its life cycle."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="check every event's hash and link, and every history")

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"ledger broken at event #{result.broken_seq}: {result.reason} "
                f"({result.checked} events before it are intact)"
            )
        problems = ledger_history_problems()
        if problems:
            for problem in problems[:SHOWN_PROBLEMS]:
                self.stderr.write(
                    f"event #{problem.seq} {problem.object_type}:{problem.object_id}: "
                    f"{problem.message}"
                )
            raise CommandError(
                f"{len(problems)} event(s) record a history their life cycle does not allow "
                f"(the chain of {result.checked} events is intact)"
            )
        self.stdout.write(f"ledger intact: {result.checked} events verified, every history allowed")
