from django.core.management.base import BaseCommand

from renkei.config import markdown_table


class Command(BaseCommand):
    help = "Print the environment variables renkei reads, as the README's Markdown table."

    def handle(self, *args, **options):
        self.stdout.write(markdown_table())
