from django.core.management.base import BaseCommand, CommandError

from renkei.ops.docs_tables import docs_stale


class Command(BaseCommand):
    help = "The tables in docs/ written from the code: --check that they are current, --write them."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true")
        group.add_argument("--write", action="store_true")

    def handle(self, *args, **options):
        stale = docs_stale(write=options["write"])
        if options["write"]:
            self.stdout.write("\n".join(f"wrote {s}" for s in stale) or "docs are current")
        elif stale:
            raise CommandError("stale, run `renkei docs --write`: " + ", ".join(stale))
        else:
            self.stdout.write("docs are current")
