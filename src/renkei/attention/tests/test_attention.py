"""The home page of an officer: what is late on our side, what awaits our answer, consents asked
of us, our actions due and proposals to answer, across every agreement, and never another
partner's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from renkei.attention.selectors import attention_for
from renkei.consultations import services as consultations
from renkei.exchange import services
from renkei.exchange.models import Exchange
from renkei.exchange.tests.factories import sent

pytestmark = pytest.mark.django_db


def _late(exchange: Exchange) -> None:
    past = timezone.now() - timedelta(days=20)
    Exchange.objects.filter(pk=exchange.pk).update(
        sent_at=past, acknowledge_due_at=past + timedelta(days=3)
    )


def test_late_and_waiting_exchanges_of_every_agreement_and_of_no_other_partner(demo_users, client):
    isa, la, kh = demo_users["isa.contact"], demo_users["la.contact"], demo_users["kh.contact"]
    late_la, waiting_la = sent(la), sent(la)
    late_kh = sent(kh, code="KH")
    _late(late_la)
    _late(late_kh)
    attention = attention_for(isa)
    assert {e.reference for e in attention.overdue.rows} == {late_la.reference, late_kh.reference}
    assert [e.reference for e in attention.to_answer.rows] == [waiting_la.reference]
    client.force_login(isa)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert late_la.reference in page and late_kh.reference in page
    assert "2 items" in page
    # Laos sees none of it: the reports are its own, and Cambodia's is not its business.
    client.force_login(la)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="attention-overdue"' in page
    assert late_kh.reference not in page and late_la.reference not in page


def test_consents_actions_and_proposals_reach_the_side_that_must_act(demo_users):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    report = sent(la)
    request = services.consent_request_create(
        actor=isa,
        exchange=report,
        recipient_kind="agency",
        recipient_name="Labour inspectorate",
        purpose="Inspection",
    )
    meeting = consultations.meeting_propose(
        language="en",
        actor=isa,
        agreement_code="LA",
        kind=consultations.meeting_kinds_provided(report.agreement)[0][0],
        starts_at=timezone.now() + timedelta(days=10),
        place="Video conference",
        agenda=[("a", "Policy")],
    )
    attention = attention_for(la)
    assert attention.consents.rows == [request]
    assert attention.proposals.rows == [meeting]
    assert attention_for(isa).proposals.rows == []  # its own proposal is not its to answer
    consultations.meeting_answer(actor=la, meeting=meeting, accept=True)
    meeting.refresh_from_db()
    action = consultations.action_add(
        language="en",
        actor=isa,
        meeting=meeting,
        description="Share the revocations",
        owner_side="partner",
        due_on=timezone.localdate() + timedelta(days=5),
    )
    assert attention_for(la).actions.rows == [action]
    assert attention_for(isa).actions.rows == []


def test_the_public_and_the_examiner_keep_their_home(demo_users, client):
    assert attention_for(demo_users["isa.examiner"]) is None
    assert client.get("/").status_code == 200
    client.force_login(demo_users["isa.examiner"])
    page = client.get("/").content.decode()
    assert 'data-testid="attention-total"' not in page
