from django.core.management.base import BaseCommand, CommandError

from renkei.accounts.selectors import api_token_list_for, user_get_by_username
from renkei.accounts.services import api_token_create, api_token_revoke
from renkei.core.errors import ApplicationError


class Command(BaseCommand):
    help = "API tokens: `create USERNAME` prints the new token on its last line; `list`, `revoke`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token for USERNAME")
        create.add_argument("username")
        create.add_argument("--name", default="command line")
        create.add_argument("--days", type=int, default=None)
        listing = sub.add_parser("list", help="list USERNAME's tokens")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="revoke token ID")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    def _user(self, username: str):
        user = user_get_by_username(username=username)
        if user is None:
            raise CommandError(f"no user {username!r}")
        return user

    def _create(self, options):
        user = self._user(options["username"])
        token, secret = api_token_create(
            actor=None, user=user, name=options["name"], days=options["days"]
        )
        self.stdout.write(
            f"token {token.prefix} for {user.username}, expires {token.expires_at:%Y-%m-%d}"
        )
        self.stdout.write(secret)

    def _list(self, options):
        for token in api_token_list_for(actor=self._user(options["username"])):
            state = (
                "revoked" if token.revoked_at else ("active" if token.is_active() else "expired")
            )
            self.stdout.write(
                f"{token.id:<6}{token.prefix:<10}{state:<9}{token.expires_at:%Y-%m-%d}  {token.name}"
            )

    def _revoke(self, options):
        token = api_token_revoke(actor=None, token_id=options["token_id"])
        self.stdout.write(f"revoked {token.prefix}")
