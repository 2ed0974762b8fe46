"""The one transition mechanism: the state is judged on the locked row, not on the caller's copy;
only what changed is written; the loser gets 409 and nothing is written."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renkei.audit.models import AuditEvent
from renkei.core.transitions import StateConflict
from renkei.exchange import services
from renkei.exchange.models import Exchange, Status
from renkei.exchange.tests.factories import draft, sent


def test_a_stale_copy_cannot_act_twice(demo_users):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = sent(la)
    stale = Exchange.objects.get(pk=exchange.pk)  # read before the first acknowledgement
    services.exchange_acknowledge(actor=isa, exchange=exchange)
    events = AuditEvent.objects.count()
    with pytest.raises(StateConflict) as conflict:
        services.exchange_acknowledge(actor=isa, exchange=stale)
    assert conflict.value.status == 409
    assert conflict.value.details == {"status": "acknowledged", "action": "acknowledge"}
    assert AuditEvent.objects.count() == events


def test_a_withdrawal_read_before_the_acknowledgement_is_refused(demo_users):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = sent(la)
    copy_for_withdraw = Exchange.objects.get(pk=exchange.pk)
    services.exchange_acknowledge(actor=isa, exchange=exchange)
    services.exchange_withdraw(actor=la, exchange=copy_for_withdraw)  # allowed from acknowledged
    assert Exchange.objects.get(pk=exchange.pk).status == Status.WITHDRAWN
    with pytest.raises(StateConflict):
        services.exchange_acknowledge(actor=isa, exchange=Exchange.objects.get(pk=exchange.pk))


def test_the_conflict_is_named_in_the_readers_language(demo_users):
    from django.utils import translation

    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = sent(la)
    stale = Exchange.objects.get(pk=exchange.pk)
    services.exchange_withdraw(actor=la, exchange=exchange)
    with translation.override("ja"), pytest.raises(StateConflict) as conflict:
        services.exchange_acknowledge(actor=isa, exchange=stale)
    assert conflict.value.message == "この案件は「取下げ」のため、受領確認することはできません。"
    with translation.override("en"), pytest.raises(StateConflict) as conflict:
        services.exchange_acknowledge(actor=isa, exchange=stale)
    assert conflict.value.message == "This exchange is Withdrawn: it cannot be acknowledged."


def test_an_edit_writes_only_the_fields_it_changes(demo_users):
    la = demo_users["la.contact"]
    exchange = draft(la)
    with CaptureQueriesContext(connection) as queries:
        services.exchange_update_draft(actor=la, exchange=exchange, subject="A new subject")
    updates = [
        q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "exchange" in q["sql"]
    ]
    assert len(updates) == 1
    assert '"subject"' in updates[0] and '"status"' not in updates[0] and '"body"' not in updates[0]


def test_an_edit_of_a_copy_read_before_the_send_is_refused_and_the_send_stands(demo_users):
    la = demo_users["la.contact"]
    exchange = draft(la)
    stale = Exchange.objects.get(pk=exchange.pk)
    services.exchange_send(actor=la, exchange=exchange)
    with pytest.raises(StateConflict):
        services.exchange_update_draft(actor=la, exchange=stale, subject="Too late")
    stored = Exchange.objects.get(pk=exchange.pk)
    assert stored.status == Status.SENT and stored.subject != "Too late"


def test_the_caller_sees_the_new_state_on_its_own_copy(demo_users):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = sent(la)
    returned = services.exchange_acknowledge(actor=isa, exchange=exchange)
    assert exchange.status == returned.status == Status.ACKNOWLEDGED
    event = AuditEvent.objects.latest("seq")
    assert event.after["from"] == "sent" and event.after["status"] == "acknowledged"
