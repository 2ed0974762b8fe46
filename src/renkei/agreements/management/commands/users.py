from django.core.management.base import BaseCommand, CommandError

from renkei.accounts.selectors import user_get_by_username
from renkei.accounts.services import user_set_otp_required
from renkei.agreements.selectors import agreement_get_public
from renkei.agreements.services import assignment_add
from renkei.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Users: `assign USERNAME CODE` to an agreement; `require-otp` / `waive-otp USERNAME`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        assign = sub.add_parser("assign", help="put USERNAME to work in agreement CODE")
        assign.add_argument("username")
        assign.add_argument("code")
        for name in ("require-otp", "waive-otp"):
            sub.add_parser(name).add_argument("username")

    def handle(self, *args, **options):
        user = user_get_by_username(username=options["username"])
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        try:
            if options["action"] == "assign":
                agreement = agreement_get_public(code=options["code"])
                assignment_add(actor=None, user=user, agreement=agreement)
                self.stdout.write(f"{user.username} works in {agreement.code}")
            else:
                required = options["action"] == "require-otp"
                user_set_otp_required(actor=None, user=user, required=required)
                self.stdout.write(
                    f"{user.username}: second factor {'required' if required else 'waived'}"
                )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
