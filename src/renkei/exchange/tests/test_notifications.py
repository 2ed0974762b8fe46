from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from renkei.exchange import services
from renkei.exchange.models import Exchange, Notification
from renkei.exchange.tests.factories import sent


# The worker closes stale connections between tasks, as it must in production; that would end
# the per-test transaction, so this test runs with real commits.
@pytest.mark.django_db(transaction=True)
def test_sending_notifies_the_other_side_and_mails_through_the_worker(
    demo_users, django_capture_on_commit_callbacks, settings
):
    isa = demo_users["isa.contact"]
    isa.email = "isa.contact@example.org"
    isa.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        exchange = sent(demo_users["la.contact"])
    notes = Notification.objects.filter(exchange=exchange)
    assert set(notes.values_list("user__username", flat=True)) == {"isa.contact", "mhlw.liaison"}
    assert mail.outbox == []  # queued, not sent in the request
    call_command("worker", "--once")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["isa.contact@example.org"]
    assert exchange.reference in message.subject
    assert exchange.body not in message.body  # the case stays behind the log-in


def test_notifications_never_reach_another_partner(demo_users):
    sent(demo_users["la.contact"])
    assert not Notification.objects.filter(user__username__in=["kh.contact", "pk.contact"]).exists()


def test_reminders_before_and_after_deadlines_once_each(demo_users):
    exchange = sent(demo_users["la.contact"])
    now = timezone.now()
    assert services.deadline_reminders_run(now=now) == 0
    Exchange.objects.filter(pk=exchange.pk).update(acknowledge_due_at=now + timedelta(hours=5))
    assert services.deadline_reminders_run(now=now) > 0
    assert services.deadline_reminders_run(now=now) == 0  # once
    Exchange.objects.filter(pk=exchange.pk).update(acknowledge_due_at=now - timedelta(hours=1))
    services.deadline_reminders_run(now=now)
    events = set(Notification.objects.filter(exchange=exchange).values_list("event", flat=True))
    assert {"sent", "ack_due_soon", "ack_overdue"} <= events
    # the overdue reminder also goes to the originating side
    assert Notification.objects.filter(
        exchange=exchange, event="ack_overdue", user__username="la.contact"
    ).exists()


def test_inbox_page_and_mark_read(demo_users, client):
    exchange = sent(demo_users["la.contact"])
    client.force_login(demo_users["isa.contact"])
    page = client.get("/notifications/").content.decode()
    assert exchange.reference in page
    note = Notification.objects.get(user=demo_users["isa.contact"], exchange=exchange)
    response = client.post("/notifications/", {"id": note.pk})
    assert response["Location"] == f"/work/LA/exchanges/{exchange.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None
    other = Notification.objects.filter(user=demo_users["mhlw.liaison"]).first()
    assert client.post("/notifications/", {"id": other.pk}).status_code == 404
