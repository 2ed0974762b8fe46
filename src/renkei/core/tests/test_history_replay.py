"""`renkei audit verify` replays each object's events against its life cycle and reports a history
the life cycle does not allow, even where every hash holds."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from renkei.audit.services import audit_append, audit_verify
from renkei.core.transitions import history_problems, ledger_history_problems
from renkei.exchange import services
from renkei.exchange.tests.factories import sent


def test_a_real_history_is_allowed(demo_users, capsys):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = sent(la)
    services.exchange_acknowledge(actor=isa, exchange=exchange)
    services.exchange_reply(
        language="en", actor=isa, exchange=exchange, body="Answer.", is_answer=True
    )
    services.exchange_accept(actor=la, exchange=exchange)
    services.exchange_reopen(actor=la, exchange=exchange)
    services.exchange_withdraw(actor=la, exchange=exchange)
    assert ledger_history_problems() == []
    call_command("audit", "verify")
    assert "every history allowed" in capsys.readouterr().out


def _inject(exchange, action: str, after: dict) -> None:
    # What a handler acting on a stale copy used to write: a well-hashed, impossible event.
    with transaction.atomic():
        audit_append(
            actor=None,
            action=action,
            target=exchange,
            object_repr=exchange.reference,
            agreement_code="LA",
            after=after,
        )


def test_an_injected_impossible_history_is_flagged(demo_users, capsys):
    la = demo_users["la.contact"]
    exchange = sent(la)
    services.exchange_withdraw(actor=la, exchange=exchange)
    _inject(exchange, "exchange.acknowledged", {"status": "acknowledged"})
    assert audit_verify().ok  # the chain itself holds
    problems = ledger_history_problems()
    assert len(problems) == 1
    assert problems[0].object_id == str(exchange.pk)
    assert "not possible from withdrawn" in problems[0].message
    with pytest.raises(CommandError, match="1 event"):
        call_command("audit", "verify")
    assert "exchange.acknowledged is not possible from withdrawn" in capsys.readouterr().err


def test_two_sends_of_one_draft_are_flagged(demo_users):
    exchange = sent(demo_users["la.contact"])
    _inject(exchange, "exchange.sent", {"status": "sent"})
    assert [p.message for p in ledger_history_problems()] == [
        "exchange.sent is not possible from sent"
    ]


def test_a_state_set_outside_the_life_cycle_is_flagged(demo_users):
    exchange = sent(demo_users["la.contact"])
    _inject(exchange, "disclosure.recorded", {"status": "draft"})  # a send undone by a stale save
    (problem,) = ledger_history_problems()
    assert "sent became draft outside the life cycle" in problem.message


class _Event:
    def __init__(self, seq, action, after, object_type="consultations.meeting", object_id="7"):
        self.seq, self.action, self.after = seq, action, after
        self.object_type, self.object_id = object_type, object_id


def test_other_life_cycles_are_replayed_too(db):
    from renkei.core.transitions import life_cycles_load

    life_cycles_load()
    allowed = [
        _Event(1, "consultation.proposed", {}),
        _Event(2, "consultation.accepted", {"status": "accepted"}),
        _Event(3, "consultation.minutes_written", {"status": "accepted"}),
        _Event(4, "consultation.minutes_approved", {"status": "accepted"}),
        _Event(5, "consultation.minutes_approved", {"status": "held"}),
    ]
    assert history_problems(allowed) == []
    declined_then_accepted = [
        _Event(1, "consultation.proposed", {}),
        _Event(2, "consultation.declined", {"status": "declined"}),
        _Event(3, "consultation.accepted", {"status": "accepted"}),
    ]
    assert [p.seq for p in history_problems(declined_then_accepted)] == [3]
    double_decision = [
        _Event(1, "intake.case_recorded", {"status": "pending"}, "registry.suspensioncase"),
        _Event(2, "intake.case_decided", {"status": "stay_permitted"}, "registry.suspensioncase"),
        _Event(
            3, "intake.case_decided", {"status": "stay_not_permitted"}, "registry.suspensioncase"
        ),
    ]
    assert [p.seq for p in history_problems(double_decision)] == [3]
