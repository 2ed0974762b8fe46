import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from renkei.agreements.lifecycle import agreements_end_due
from renkei.audit.ledger import checkpoint_due
from renkei.consultations.services import actions_remind_due
from renkei.exchange.services import deadline_reminders_run, exchanges_close_for_ended_agreements
from renkei.ops.retention import retention_run


class Command(BaseCommand):
    help = (
        "Run the background queue (e-mail notices), the deadline reminders and the retention "
        "schedule. "
        "`--once` drains the queue once and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between passes")
        parser.add_argument(
            "--reminder-minutes", type=int, default=15, help="minutes between reminder sweeps"
        )

    def handle(self, *args, **options):
        worker_id = f"renkei-{uuid.uuid4().hex[:8]}"
        next_sweep = timezone.now()
        while True:
            if timezone.now() >= next_sweep:
                for code in agreements_end_due():
                    self.stdout.write(f"agreement {code} has ended")
                exchanges_close_for_ended_agreements()
                actions_remind_due()
                retention_run()
                sent = deadline_reminders_run()
                if sent:
                    self.stdout.write(f"reminders: {sent} notifications")
                next_sweep = timezone.now() + timedelta(minutes=options["reminder_minutes"])
            # Outside the sweep: a checkpoint is due by its own interval, which may be shorter.
            checkpoint = checkpoint_due(minutes=settings.RENKEI_LEDGER_CHECKPOINT_MINUTES)
            if checkpoint is not None:
                self.stdout.write(f"checkpoint of {checkpoint.size} events signed")
            Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            ).run()
            if options["once"]:
                return
            time.sleep(options["interval"])
