"""Screening as the worker runs it, with no transaction around it (a support-list import's rows,
after the import has committed): the hits and their ledger event are written together."""

import pytest

from renkei.audit.models import AuditEvent
from renkei.screening.models import Hit
from renkei.screening.services import screen_records
from renkei.screening.tests.factories import support_organisation


@pytest.mark.django_db(transaction=True)
def test_screening_outside_a_transaction_writes_hits_and_their_ledger_event():
    first = support_organisation(1, ["株式会社さくら国際"], ["佐藤健"])
    screen_records(actor=None, entries=[first], agreement=None, side="jp")
    second = support_organisation(2, ["有限会社みどり人材サービス"], ["佐藤 健"])
    hits = screen_records(actor=None, entries=[second], agreement=None, side="jp")
    assert [(h.new.name, h.existing.name) for h in hits] == [("佐藤 健", "佐藤健")]
    assert Hit.objects.count() == 1
    event = AuditEvent.objects.get(action="screening.run")
    assert event.after["hits"] == [hits[0].pk]
