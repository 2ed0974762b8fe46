import pytest

from renkei.audit.models import AuditEvent
from renkei.audit.services import audit_verify
from renkei.core.errors import ApplicationError, PermissionDenied
from renkei.exchange import services
from renkei.exchange.models import Status
from renkei.exchange.tests.factories import draft, sent


def last_action():
    return AuditEvent.objects.latest("seq").action


def test_full_cycle_with_one_ledger_event_per_write(demo_users):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = draft(la)
    assert exchange.status == Status.DRAFT and last_action() == "exchange.drafted"
    assert exchange.reference.startswith("LA-")
    services.exchange_send(actor=la, exchange=exchange)
    assert exchange.status == Status.SENT and last_action() == "exchange.sent"
    assert exchange.acknowledge_due_at and exchange.answer_due_at
    services.exchange_acknowledge(actor=isa, exchange=exchange)
    assert exchange.status == Status.ACKNOWLEDGED and last_action() == "exchange.acknowledged"
    services.exchange_reply(language="en", actor=la, exchange=exchange, body="More facts.")
    assert exchange.status == Status.ACKNOWLEDGED and last_action() == "exchange.replied"
    services.exchange_reply(
        language="en", actor=isa, exchange=exchange, body="Investigated.", is_answer=True
    )
    assert exchange.status == Status.ANSWERED and last_action() == "exchange.answered"
    services.exchange_accept(actor=la, exchange=exchange)
    assert exchange.status == Status.ACCEPTED and last_action() == "exchange.accepted"
    services.exchange_reopen(actor=la, exchange=exchange)
    assert exchange.status == Status.ACKNOWLEDGED and last_action() == "exchange.reopened"
    assert exchange.answered_at is None
    services.exchange_close(actor=la, exchange=exchange)
    assert exchange.status == Status.CLOSED and last_action() == "exchange.closed"
    assert audit_verify().ok


def test_answer_straight_from_sent_acknowledges_too(demo_users):
    exchange = sent(demo_users["isa.contact"], exchange_type="inquiry", details={})
    services.exchange_reply(
        language="en",
        actor=demo_users["la.contact"],
        exchange=exchange,
        body="Yes.",
        is_answer=True,
    )
    assert exchange.status == Status.ANSWERED and exchange.acknowledged_at is not None


def test_withdraw_from_sent(demo_users):
    exchange = sent(demo_users["la.contact"])
    services.exchange_withdraw(actor=demo_users["la.contact"], exchange=exchange)
    assert exchange.status == Status.WITHDRAWN


@pytest.mark.parametrize(
    "setup,action",
    [
        ("draft", "acknowledge"),
        ("draft", "accept"),
        ("sent", "send"),
        ("sent", "accept"),
        ("sent", "reopen"),
        ("withdrawn", "reply"),
        ("withdrawn", "send"),
        ("withdrawn", "withdraw"),
        ("accepted", "withdraw"),
        ("accepted", "reply"),
        ("answered", "acknowledge"),
    ],
)
def test_invalid_transitions_are_refused_clearly_and_write_nothing(demo_users, setup, action):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = draft(la)
    if setup != "draft":
        services.exchange_send(actor=la, exchange=exchange)
    if setup == "withdrawn":
        services.exchange_withdraw(actor=la, exchange=exchange)
    if setup in ("answered", "accepted"):
        services.exchange_reply(
            language="en", actor=isa, exchange=exchange, body="A", is_answer=True
        )
    if setup == "accepted":
        services.exchange_accept(actor=la, exchange=exchange)
    before = (AuditEvent.objects.count(), exchange.status)
    actor = isa if action in ("acknowledge",) else la
    with pytest.raises(ApplicationError) as excinfo:
        if action == "reply":
            services.exchange_reply(language="en", actor=actor, exchange=exchange, body="late")
        else:
            getattr(services, f"exchange_{action}")(actor=actor, exchange=exchange)
    assert excinfo.value.code == "invalid_transition"
    assert excinfo.value.status == 409
    assert "cannot be" in excinfo.value.message or "できません" in excinfo.value.message
    exchange.refresh_from_db()
    assert (AuditEvent.objects.count(), exchange.status) == before


def test_only_the_right_contact_point_acts(demo_users):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = draft(la)
    with pytest.raises(PermissionDenied):
        services.exchange_send(actor=isa, exchange=exchange)  # not the originator
    services.exchange_send(actor=la, exchange=exchange)
    with pytest.raises(PermissionDenied):
        services.exchange_acknowledge(actor=la, exchange=exchange)  # not the recipient
    with pytest.raises(PermissionDenied):
        services.exchange_reply(
            language="en", actor=la, exchange=exchange, body="x", is_answer=True
        )
    liaison = demo_users["mhlw.liaison"]
    with pytest.raises(PermissionDenied):
        services.exchange_acknowledge(
            actor=liaison, exchange=exchange
        )  # liaison, not contact point
    services.exchange_reply(
        language="en", actor=liaison, exchange=exchange, body="MHLW adds context."
    )


def test_notice_is_acknowledged_not_answered(demo_users):
    exchange = sent(demo_users["isa.contact"], exchange_type="notice", details={})
    assert exchange.answer_due_at is None
    with pytest.raises(ApplicationError) as excinfo:
        services.exchange_reply(
            language="en",
            actor=demo_users["la.contact"],
            exchange=exchange,
            body="x",
            is_answer=True,
        )
    assert excinfo.value.code == "no_answer_expected"


def test_references_are_sequential_per_agreement(demo_users):
    first = draft(demo_users["la.contact"])
    second = draft(demo_users["la.contact"])
    other = draft(demo_users["kh.contact"], code="KH")
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1
    assert other.reference.startswith("KH-") and other.reference.endswith("000001")
