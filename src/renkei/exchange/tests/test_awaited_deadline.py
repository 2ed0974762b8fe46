"""The database's `next_due_at` (the deadline an exchange waits on next) says overdue exactly
when the model's own rule does, for every status and every order of the two deadlines, on
SQLite and PostgreSQL alike."""

import itertools
from datetime import timedelta

from django.utils import timezone

from renkei.exchange.models import Exchange, Status
from renkei.exchange.selectors import ExchangeFilters, exchange_list_for
from renkei.exchange.tests.factories import ExchangeRowFactory


def test_overdue_by_the_database_is_overdue_by_the_rule(demo_users):
    now = timezone.now()
    moments = [None, now - timedelta(days=2), now + timedelta(days=2)]
    for status, ack_due, answer_due in itertools.product(Status.values, moments, moments):
        ExchangeRowFactory(
            status=status,
            acknowledge_due_at=ack_due,
            answer_due_at=answer_due,
            sent_at=None if status == Status.DRAFT else now - timedelta(days=5),
        )
    expected = {e.pk for e in Exchange.objects.all() if e.is_overdue(now)}
    found = set(Exchange.objects.filter(next_due_at__lt=now).values_list("pk", flat=True))
    assert found == expected and len(expected) == 8
    listed = exchange_list_for(demo_users["isa.contact"], "LA", ExchangeFilters(overdue=True), now)
    assert set(listed.values_list("pk", flat=True)) == expected
