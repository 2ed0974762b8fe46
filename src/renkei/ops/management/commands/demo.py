from django.core.management.base import BaseCommand

from renkei.agreements.demo import demo_seed
from renkei.ops.demo_year import demo_year_seed


class Command(BaseCommand):
    help = (
        "Create the demo accounts and a year of fictional data for every agreement in force "
        "(both idempotent); print each username and password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts-only", action="store_true", help="only the accounts, no year of data"
        )

    def handle(self, *args, **options):
        for username, password, created in demo_seed():
            state = "created" if created else "exists"
            self.stdout.write(f"{username:<16} {password}   ({state}, demo account)")
        if options["accounts_only"]:
            return
        built = demo_year_seed()
        said = ", ".join(built) if built else "none (already there)"
        self.stdout.write(f"demo year built for: {said}")
