"""The five races of an exchange's life, each tried TRIALS times through the real server: one
winner, the loser a 409 with nothing written, and a history the life cycle allows."""

from __future__ import annotations

import pytest

from tests.races.conftest import (
    TRIALS,
    assert_ledger_allows_every_history,
    assert_one_winner,
    events,
    race,
)

EXCHANGE = "exchange.exchange"


def _draft_response(live, subject="Is this sending organisation accredited?"):
    return live.call(
        "POST",
        "/api/v1/agreements/LA/exchanges",
        "la.contact",
        {
            "type": "inquiry",
            "subject": subject,
            "body": "Please confirm.",
            "details": {},
            "language": "en",
        },
    )


def _draft(live, subject="Is this sending organisation accredited?"):
    created = _draft_response(live, subject)
    assert created.status == 201, created.body
    return created.body["id"]


def _sent(live):
    exchange_id = _draft(live)
    assert live.call("POST", f"/api/v1/exchanges/{exchange_id}/send", "la.contact").status == 200
    return exchange_id


def _status(live, exchange_id):
    return live.sql("SELECT status FROM exchange_exchange WHERE id = %s", (exchange_id,))[0][0]


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_acknowledgements(live, trial):
    exchange_id = _sent(live)
    path = f"/api/v1/exchanges/{exchange_id}/acknowledge"
    answers = race(
        lambda: live.call("POST", path, "isa.contact"),
        lambda: live.call("POST", path, "isa.contact"),
    )
    assert_one_winner(answers)
    assert events(live, EXCHANGE, exchange_id, "exchange.acknowledged") == ["exchange.acknowledged"]
    assert _status(live, exchange_id) == "acknowledged"


@pytest.mark.parametrize("trial", range(TRIALS))
def test_withdrawal_racing_an_acknowledgement(live, trial):
    exchange_id = _sent(live)
    withdraw, acknowledge = race(
        lambda: live.call("POST", f"/api/v1/exchanges/{exchange_id}/withdraw", "la.contact"),
        lambda: live.call("POST", f"/api/v1/exchanges/{exchange_id}/acknowledge", "isa.contact"),
    )
    # A withdrawal may follow an acknowledgement, never precede one: the withdrawal stands.
    assert withdraw.status == 200, withdraw.body
    history = events(live, EXCHANGE, exchange_id)
    if acknowledge.status == 200:
        assert history[-2:] == ["exchange.acknowledged", "exchange.withdrawn"]
    else:
        assert acknowledge.status == 409 and acknowledge.body["error"]["details"]["status"] == (
            "withdrawn"
        )
        assert "exchange.acknowledged" not in history
    assert _status(live, exchange_id) == "withdrawn"


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_answers(live, trial):
    exchange_id = _sent(live)
    path = f"/api/v1/exchanges/{exchange_id}/replies"
    answers = race(
        lambda: live.call(
            "POST", path, "isa.contact", {"body": "Yes.", "is_answer": True, "language": "en"}
        ),
        lambda: live.call(
            "POST", path, "isa.contact", {"body": "Yes.", "is_answer": True, "language": "en"}
        ),
    )
    assert_one_winner(answers)
    assert events(live, EXCHANGE, exchange_id, "exchange.answered") == ["exchange.answered"]
    replies = live.sql(
        "SELECT COUNT(*) FROM exchange_reply WHERE exchange_id = %s AND is_answer = %s",
        (exchange_id, True),
    )
    assert replies[0][0] == 1
    assert _status(live, exchange_id) == "answered"


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_sends(live, trial):
    exchange_id = _draft(live)
    path = f"/api/v1/exchanges/{exchange_id}/send"
    answers = race(
        lambda: live.call("POST", path, "la.contact"),
        lambda: live.call("POST", path, "la.contact"),
    )
    assert_one_winner(answers)
    assert events(live, EXCHANGE, exchange_id, "exchange.sent") == ["exchange.sent"]
    notices = live.sql(
        "SELECT COUNT(*) FROM exchange_notification WHERE exchange_id = %s AND event = %s",
        (exchange_id, "sent"),
    )
    recipients = live.sql(
        "SELECT COUNT(*) FROM exchange_notification WHERE exchange_id = %s", (exchange_id,)
    )
    assert notices[0][0] == recipients[0][0] > 0  # one notice per recipient, not two


@pytest.mark.parametrize("trial", range(TRIALS))
def test_editing_a_draft_while_it_is_sent(live, trial):
    exchange_id = _draft(live, subject="Original subject")
    edit, send = race(
        lambda: live.call(
            "PATCH", f"/api/v1/exchanges/{exchange_id}", "la.contact", {"subject": "Edited"}
        ),
        lambda: live.call("POST", f"/api/v1/exchanges/{exchange_id}/send", "la.contact"),
    )
    assert send.status == 200, send.body
    status, subject = live.sql(
        "SELECT status, subject FROM exchange_exchange WHERE id = %s", (exchange_id,)
    )[0]
    assert status == "sent"  # never back to draft
    history = events(live, EXCHANGE, exchange_id)
    if edit.status == 200:  # the edit came first and is kept
        assert subject == "Edited"
        assert history.index("exchange.draft_updated") < history.index("exchange.sent")
    else:  # the send came first; the edit is refused, not half-applied
        assert edit.status == 409 and edit.body["error"]["details"]["status"] == "sent"
        assert subject == "Original subject" and "exchange.draft_updated" not in history


def test_the_ledger_after_the_races_is_intact_and_every_history_allowed(live):
    assert_ledger_allows_every_history(live)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_retry_racing_the_first_request_gets_its_answer(live, trial):
    exchange_id = _sent(live)
    path = f"/api/v1/exchanges/{exchange_id}/acknowledge"
    key = {"Idempotency-Key": f"ack-{exchange_id}"}
    first, retry = race(
        lambda: live.call("POST", path, "isa.contact", headers=key),
        lambda: live.call("POST", path, "isa.contact", headers=key),
    )
    assert (first.status, retry.status) == (200, 200), (first.body, retry.body)
    assert first.body == retry.body
    assert events(live, EXCHANGE, exchange_id, "exchange.acknowledged") == ["exchange.acknowledged"]


@pytest.mark.parametrize("trial", range(max(1, TRIALS // 4)))
def test_drafts_and_sends_of_one_kind_at_once_all_succeed(live, trial):
    # A draft's insert and a send's update both move the database's tally row of their kind
    # (ADR 24); both take the ledger's head first, so they queue instead of deadlocking.
    drafts = [_draft(live, subject=f"Send me {trial}-{i}") for i in range(3)]
    sends = [
        (lambda d=d: live.call("POST", f"/api/v1/exchanges/{d}/send", "la.contact")) for d in drafts
    ]
    creates = [(lambda i=i: _draft_response(live, f"Draft me {trial}-{i}")) for i in range(3)]
    answers = race(*sends, *creates)
    assert [a.status for a in answers] == [200] * 3 + [201] * 3, [a.body for a in answers]
    tally = live.sql(
        "SELECT SUM(n) FROM exchange_exchangetally t JOIN agreements_agreement a"
        " ON a.id = t.agreement_id WHERE a.code = 'LA'"
    )[0][0]
    assert (
        tally
        == live.sql(
            "SELECT COUNT(*) FROM exchange_exchange e JOIN agreements_agreement a"
            " ON a.id = e.agreement_id WHERE a.code = 'LA'"
        )[0][0]
    )
