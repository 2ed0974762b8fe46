from django.core.management.base import BaseCommand, CommandError

from renkei.core.i18n_catalog import compile_catalogs, read_catalog, source_msgids


class Command(BaseCommand):
    help = "Translations: `check` that Japanese covers every source string; `compile` .po to .mo."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "compile"])

    def handle(self, *args, **options):
        if options["action"] == "compile":
            for path in compile_catalogs():
                self.stdout.write(f"compiled {path.name} ({path.parent.parent.name})")
            return
        catalog = read_catalog("ja")
        missing = sorted(
            m for m in source_msgids() if not (catalog.get(m) and catalog.get(m).string)
        )
        if missing:
            raise CommandError("untranslated into Japanese:\n  " + "\n  ".join(missing))
        self.stdout.write("every source string has a Japanese translation")
