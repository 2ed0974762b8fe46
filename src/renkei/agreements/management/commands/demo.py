from django.core.management.base import BaseCommand

from renkei.agreements.demo import demo_seed


class Command(BaseCommand):
    help = "Create the demo accounts (idempotent) and print each username and password."

    def handle(self, *args, **options):
        for username, password, created in demo_seed():
            state = "created" if created else "exists"
            self.stdout.write(f"{username:<16} {password}   ({state}, demo account)")
