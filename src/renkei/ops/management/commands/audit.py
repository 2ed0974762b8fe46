import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

SHOWN_PROBLEMS = 20


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read {path}: {error}") from error


def _keys(options) -> list[str]:
    keys = list(options.get("key") or [])
    for path in options.get("key_file") or []:
        keys += [line.strip() for line in _read(path).splitlines() if line.strip()]
    return keys


class Command(BaseCommand):
    help = (
        "Audit ledger: verify the hash chain, every object's history and (with --checkpoint) "
        "that the ledger extends a signed checkpoint; write checkpoints; check receipts."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="check the chain, the histories, a checkpoint")
        verify.add_argument("--checkpoint", help="a checkpoint file the ledger must extend")
        self._key_arguments(verify)
        checkpoint = sub.add_parser("checkpoint", help="sign the current tree head")
        checkpoint.add_argument("--out", default="-", help="file to write it to (- for stdout)")
        key = sub.add_parser("key", help="print the verifier key (give it to the other side)")
        key.add_argument("--rotate", action="store_true", help="make a new signing key first")
        receipt = sub.add_parser(
            "verify-receipt", help="check a receipt with only a verifier key (no database)"
        )
        receipt.add_argument("receipt", help="the receipt's JSON file (- for stdin)")
        self._key_arguments(receipt)

    @staticmethod
    def _key_arguments(parser):
        parser.add_argument("--key", action="append", help="a verifier key to trust")
        parser.add_argument(
            "--key-file", action="append", help="a file of verifier keys, one a line"
        )

    def handle(self, *args, **options):
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _verify(self, options):
        from renkei.audit.services import audit_verify
        from renkei.core.transitions import ledger_history_problems

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
        if options.get("checkpoint"):
            from renkei.audit.ledger import ledger_check_against

            check = ledger_check_against(_read(options["checkpoint"]), _keys(options) or None)
            if not check.ok:
                raise CommandError(f"the ledger does not extend the checkpoint: {check.message}")
            self.stdout.write(check.message)

    def _checkpoint(self, options):
        from renkei.audit.ledger import checkpoint_create

        stored = checkpoint_create()
        if options["out"] == "-":
            self.stdout.write(stored.text, ending="")
        else:
            Path(options["out"]).write_text(stored.text, encoding="utf-8")
            self.stdout.write(f"checkpoint of {stored.size} events written to {options['out']}")

    def _key(self, options):
        from renkei.audit.ledger import signing_key_rotate, verifier_key_current

        self.stdout.write(signing_key_rotate() if options["rotate"] else verifier_key_current())

    def _verify_receipt(self, options):
        from renkei.audit.checkpoints import receipt_verify

        keys = _keys(options)
        if not keys:
            raise CommandError("give the ledger's verifier key with --key or --key-file")
        check = receipt_verify(_read(options["receipt"]), keys)
        if not check.ok:
            raise CommandError(f"receipt refused: {check.reason}")
        event = check.event
        self.stdout.write(
            f"receipt valid: event #{event['seq']} {event['action']} "
            f"{event['object_type']}:{event['object_id']} ({event['object_repr']}) "
            f"at {event['occurred_at']} is in the ledger"
        )
