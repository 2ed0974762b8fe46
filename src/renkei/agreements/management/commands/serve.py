import os
import shutil
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve renkei with gunicorn (static files by whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=3)

    def handle(self, *args, **options):
        if not 1 <= options["port"] <= 65535:
            raise CommandError("--port must be between 1 and 65535")
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which(
            "gunicorn"
        )
        if gunicorn is None:
            raise CommandError("gunicorn is not installed in this environment")
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"renkei on http://{bind}/")
        self.stdout.flush()
        os.execv(  # noqa: S606 - replaces this process with gunicorn, arguments are ours
            gunicorn,
            [
                gunicorn,
                "renkei.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
            ],
        )
