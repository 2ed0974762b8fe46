from django.core.management import call_command
from django.core.management.base import BaseCommand

from renkei.accounts.reference_data import units_load
from renkei.agreements.services import agreements_load, agreements_partner_units_sync
from renkei.registry.reference_data import sectors_load


class Command(BaseCommand):
    help = (
        "Migrate, collect static files, load the five MOCs and the reference data, and key again "
        "the screened names an older matcher keyed. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-static", action="store_true", help="skip collectstatic")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        if not options["no_static"]:
            call_command("collectstatic", interactive=False, verbosity=max(verbosity - 1, 0))
        report = agreements_load()
        units_load()
        agreements_partner_units_sync()
        sectors_load()
        self.stdout.write(
            "agreements: "
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged"
        )
        # After an upgrade of the matcher or of the libraries that romanise, stored names must
        # be keyed as new ones are, or the two would not meet.
        call_command("screening", "rekey", stdout=self.stdout, verbosity=verbosity)
