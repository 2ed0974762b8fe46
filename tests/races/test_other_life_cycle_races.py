"""The same races in the other life cycles: consent requests, consultations and their minutes,
amendments, accreditation histories, intake suspensions and their cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.races.conftest import (
    TRIALS,
    assert_ledger_allows_every_history,
    assert_one_winner,
    events,
    race,
)

TODAY = timezone.localdate()  # the server's day, not the host's


def _sent_exchange(live):
    created = live.call(
        "POST",
        "/api/v1/agreements/LA/exchanges",
        "la.contact",
        {"type": "inquiry", "subject": "Facts", "body": "Facts.", "details": {}, "language": "en"},
    )
    assert (
        live.call("POST", f"/api/v1/exchanges/{created.body['id']}/send", "la.contact").status
        == 200
    )
    return created.body["id"]


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_consent_request_granted_and_refused_at_once(live, trial):
    exchange_id = _sent_exchange(live)
    recipient = {"recipient_kind": "agency", "recipient_name": "NPA", "purpose": "Investigation"}
    asked = live.call(
        "POST", f"/api/v1/exchanges/{exchange_id}/consent-requests", "isa.contact", recipient
    )
    assert asked.status == 201, asked.body
    request_id = asked.body["id"]
    grant = {
        **recipient,
        "reference_number": f"MoLSW-{trial}",
        "consent_date": TODAY.isoformat(),
        "request_id": request_id,
    }
    answers = race(
        lambda: live.call("POST", f"/api/v1/exchanges/{exchange_id}/consents", "la.contact", grant),
        lambda: live.call(
            "POST",
            f"/api/v1/exchanges/{exchange_id}/consent-requests/{request_id}/refuse",
            "la.contact",
        ),
    )
    winner = assert_one_winner(answers)
    state = live.sql("SELECT state FROM exchange_consentrequest WHERE id = %s", (request_id,))
    consents = live.sql(
        "SELECT COUNT(*) FROM exchange_consent WHERE request_id = %s", (request_id,)
    )[0][0]
    assert (state[0][0], consents) == (("granted", 1) if winner == 0 else ("refused", 0))


def _proposal(live):
    created = live.call(
        "POST",
        "/api/v1/agreements/LA/consultations",
        "isa.contact",
        {
            "kind": "ad_hoc",
            "starts_at": (TODAY + timedelta(days=30)).isoformat() + "T10:00:00+09:00",
            "place": "Vientiane",
            "agenda": [{"topic": "c", "title": "Improper agencies", "language": "en"}],
        },
    )
    assert created.status == 201, created.body
    return created.body["id"]


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_consultation_accepted_and_declined_at_once(live, trial):
    meeting_id = _proposal(live)
    base = f"/api/v1/agreements/LA/consultations/{meeting_id}"
    answers = race(
        lambda: live.call("POST", f"{base}/accept", "la.contact"),
        lambda: live.call("POST", f"{base}/decline", "la.contact"),
    )
    winner = assert_one_winner(answers)
    state = live.sql("SELECT state FROM consultations_meeting WHERE id = %s", (meeting_id,))
    assert state[0][0] == ("accepted" if winner == 0 else "declined")


@pytest.mark.parametrize("trial", range(TRIALS))
def test_both_sides_approve_the_minutes_at_once(live, trial):
    meeting_id = _proposal(live)
    base = f"/api/v1/agreements/LA/consultations/{meeting_id}"
    assert live.call("POST", f"{base}/accept", "la.contact").status == 200
    minutes = {"minutes_ja": "議事録", "minutes_en": "Minutes"}
    assert live.call("POST", f"{base}/minutes", "isa.contact", minutes).status == 200
    answers = race(
        lambda: live.call("POST", f"{base}/approve", "isa.contact"),
        lambda: live.call("POST", f"{base}/approve", "la.contact"),
    )
    assert [a.status for a in answers] == [200, 200], [a.body for a in answers]
    state = live.sql("SELECT state FROM consultations_meeting WHERE id = %s", (meeting_id,))
    assert state[0][0] == "held"  # each approval saw the other's: held, not stuck at accepted
    approvals = events(live, "consultations.meeting", meeting_id, "consultation.minutes_approved")
    assert len(approvals) == 2


def _amendment(live, trial: int) -> int:
    proposal = {
        "summary": f"Meet twice a year (draft {trial})",
        "effective_on": (TODAY + timedelta(days=60)).isoformat(),
        "changes": [
            {
                "key": "consultations",
                "action": "replace",
                "clause": "§4(2)",
                "text": f"両側は年二回協議する。（{trial}）",
                "parameters": {"topics": list("abcdef")},
            }
        ],
    }
    created = live.call("POST", "/api/v1/agreements/KG/amendments", "isa.contact", proposal)
    assert created.status == 201, created.body
    return created.body["number"]


@pytest.mark.parametrize("trial", range(TRIALS))
def test_an_amendment_withdrawn_while_the_other_side_consents(live, trial):
    number = _amendment(live, 1000 + trial)
    base = f"/api/v1/agreements/KG/amendments/{number}"
    consent = {"consented_on": TODAY.isoformat(), "reference": f"KG-{trial}"}
    withdraw, consented = race(
        lambda: live.call("POST", f"{base}/withdraw", "isa.contact", {"reason": "Superseded"}),
        lambda: live.call("POST", f"{base}/consent", "kg.contact", consent),
    )
    assert withdraw.status == 200, withdraw.body  # a consent alone does not stop a withdrawal
    assert consented.status in (200, 409), consented.body
    status = live.sql(
        "SELECT a.status FROM agreements_amendment a JOIN agreements_agreement g"
        " ON a.agreement_id = g.id WHERE g.code = %s AND a.number = %s",
        ("KG", number),
    )
    assert status[0][0] == "withdrawn"


def test_both_sides_consent_to_an_amendment_at_once(live):
    # Once only: the amendment then in force replaces the clause the next draft would replace.
    number = _amendment(live, 0)
    base = f"/api/v1/agreements/KG/amendments/{number}"
    answers = race(
        lambda: live.call(
            "POST",
            f"{base}/consent",
            "isa.contact",
            {"consented_on": TODAY.isoformat(), "reference": "ISA-1"},
        ),
        lambda: live.call(
            "POST",
            f"{base}/consent",
            "kg.contact",
            {"consented_on": TODAY.isoformat(), "reference": "KG-1"},
        ),
    )
    assert [a.status for a in answers] == [200, 200], [a.body for a in answers]
    rows = live.sql(
        "SELECT a.id, a.status FROM agreements_amendment a JOIN agreements_agreement g"
        " ON a.agreement_id = g.id WHERE g.code = %s AND a.number = %s",
        ("KG", number),
    )
    amendment_id, status = rows[0]
    assert status == "in_force"  # neither consent missed the other's
    assert events(live, "agreements.amendment", amendment_id, "agreement.amendment_in_force") == [
        "agreement.amendment_in_force"
    ]


def _accredited_organisation(live, trial: int) -> int:
    created = live.call(
        "POST",
        "/api/v1/agreements/LA/sending-organisations",
        "la.contact",
        {"name_original": f"Race Manpower {trial}", "licence_number": f"LA-RACE-{trial:04d}"},
    )
    assert created.status == 201, created.body
    organisation_id = created.body["id"]
    applied = live.call(
        "POST",
        f"/api/v1/agreements/LA/sending-organisations/{organisation_id}/events",
        "la.contact",
        {"kind": "applied", "effective_date": (TODAY - timedelta(days=40)).isoformat()},
    )
    assert applied.status == 201, applied.body
    accredited = live.call(
        "POST",
        f"/api/v1/agreements/LA/sending-organisations/{organisation_id}/events",
        "la.contact",
        {
            "kind": "accredited",
            "effective_date": (TODAY - timedelta(days=30)).isoformat(),
            "valid_until": (TODAY + timedelta(days=700)).isoformat(),
        },
    )
    assert accredited.status == 201, accredited.body
    return organisation_id


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_revocations_of_one_accreditation(live, trial):
    organisation_id = _accredited_organisation(live, trial)
    path = f"/api/v1/agreements/LA/sending-organisations/{organisation_id}/events"
    revocation = {"kind": "revoked", "effective_date": TODAY.isoformat(), "reason": "Fees"}
    answers = race(
        lambda: live.call("POST", path, "la.contact", revocation),
        lambda: live.call("POST", path, "la.contact", revocation),
    )
    codes = sorted(a.status for a in answers)
    assert codes == [201, 409], [a.body for a in answers]
    loser = next(a for a in answers if a.status == 409)
    assert loser.body["error"]["code"] == "invalid_event_sequence"
    revoked = live.sql(
        "SELECT COUNT(*) FROM registry_accreditationevent WHERE organisation_id = %s AND kind = %s",
        (organisation_id, "revoked"),
    )
    assert revoked[0][0] == 1


SECTORS = ["nursing_care", "building_cleaning", "industrial_products"]


def _suspension(live, sector: str) -> int:
    created = live.call(
        "POST",
        "/api/v1/intake-suspensions",
        "isa.contact",
        {
            "sector": sector,
            "ssw_level": 1,
            "effective_date": (TODAY - timedelta(days=1)).isoformat(),
            "reason": "Labour shortage resolved in this sector.",
            "language": "en",
        },
    )
    assert created.status == 201, created.body
    return created.body["id"]


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_suspension_lifted_twice_at_once(live, trial):
    suspension_id = _suspension(live, SECTORS[0])
    path = f"/api/v1/intake-suspensions/{suspension_id}/lift?lifted_on={TODAY.isoformat()}"
    answers = race(
        lambda: live.call("POST", path, "isa.contact"),
        lambda: live.call("POST", path, "isa.contact"),
    )
    assert_one_winner(answers)
    assert events(live, "registry.intakesuspension", suspension_id, "intake.resumed") == [
        "intake.resumed"
    ]


def test_one_sector_suspended_twice_at_once(live):
    body = {
        "sector": SECTORS[2],
        "ssw_level": 2,
        "effective_date": TODAY.isoformat(),
        "reason": "Twice at once.",
        "language": "en",
    }
    answers = race(
        lambda: live.call("POST", "/api/v1/intake-suspensions", "isa.contact", body),
        lambda: live.call("POST", "/api/v1/intake-suspensions", "isa.contact", body),
    )
    assert sorted(a.status for a in answers) == [201, 409], [a.body for a in answers]
    open_ones = live.sql(
        "SELECT COUNT(*) FROM registry_intakesuspension s JOIN registry_sector c"
        " ON s.sector_id = c.id WHERE c.code = %s AND s.ssw_level = 2 AND s.lifted_on IS NULL",
        (SECTORS[2],),
    )
    assert open_ones[0][0] == 1


@pytest.fixture(scope="module")
def open_suspension(live):
    return _suspension(live, SECTORS[1])


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_case_decided_twice_at_once(live, open_suspension, trial):
    case = live.call(
        "POST",
        f"/api/v1/intake-suspensions/{open_suspension}/cases",
        "isa.contact",
        {
            "agreement": "LA",
            "person_name": f"Worker {trial}",
            "relation": "worker",
            "worker_ssw_level": 1,
            "employment_contract": "continuing",
            "implementation": "Working as contracted.",
            "living": "Company dormitory.",
        },
    )
    assert case.status == 201, case.body
    path = f"/api/v1/suspension-cases/{case.body['id']}/decision"

    def decide(outcome):
        body = {"outcome": outcome, "decided_on": TODAY.isoformat(), "note": "Considered."}
        return lambda: live.call("POST", path, "isa.contact", body)

    answers = race(decide("stay_permitted"), decide("stay_not_permitted"))
    winner = assert_one_winner(answers)
    outcome = live.sql(
        "SELECT outcome FROM registry_suspensioncase WHERE id = %s", (case.body["id"],)
    )
    assert outcome[0][0] == ("stay_permitted" if winner == 0 else "stay_not_permitted")


@pytest.mark.parametrize("trial", range(TRIALS))
def test_an_action_closed_twice_at_once(live, trial):
    meeting_id = _proposal(live)
    base = f"/api/v1/agreements/LA/consultations/{meeting_id}"
    assert live.call("POST", f"{base}/accept", "la.contact").status == 200
    added = live.call(
        "POST",
        f"{base}/actions",
        "isa.contact",
        {
            "description": "Share the list",
            "owner_side": "partner",
            "due_on": TODAY.isoformat(),
            "language": "en",
        },
    )
    assert added.status == 201, added.body
    path = f"/api/v1/agreements/LA/consultation-actions/{added.body['id']}/done"
    answers = race(
        lambda: live.call("POST", path, "la.contact"),
        lambda: live.call("POST", path, "la.contact"),
    )
    codes = sorted(a.status for a in answers)
    # The loser either read the action closed already (404: no open action of that id) or
    # lost the lock (409): never a second closing.
    assert codes[0] == 200 and codes[1] in (404, 409), [a.body for a in answers]
    assert events(live, "consultations.action", added.body["id"], "consultation.action_done") == [
        "consultation.action_done"
    ]


def test_two_notices_of_termination_at_once(live):
    body = {"notice_date": TODAY.isoformat(), "reference": "Note verbale"}
    answers = race(
        lambda: live.call("POST", "/api/v1/agreements/KG/termination-notice", "isa.contact", body),
        lambda: live.call("POST", "/api/v1/agreements/KG/termination-notice", "kg.contact", body),
    )
    codes = sorted(a.status for a in answers)
    assert codes == [200, 409], [a.body for a in answers]
    loser = next(a for a in answers if a.status == 409)
    assert loser.body["error"]["code"] == "already_noticed"
    kinds = live.sql(
        "SELECT COUNT(*) FROM agreements_lifecycleevent e JOIN agreements_agreement a"
        " ON e.agreement_id = a.id WHERE a.code = %s AND e.kind = %s",
        ("KG", "termination_notice"),
    )
    assert kinds[0][0] == 1


def test_the_ledger_after_these_races_is_intact_and_every_history_allowed(live):
    assert_ledger_allows_every_history(live)
