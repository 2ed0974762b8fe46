"""Amendment by written mutual consent: versioned provisions, judged by date."""

from datetime import date

import pytest
from django.utils import timezone

from renkei.accounts.services import api_token_create
from renkei.agreements import amendments
from renkei.agreements.lifecycle import termination_notice_record
from renkei.agreements.models import Agreement, Amendment, AmendmentChange
from renkei.agreements.tests.factories import PK_INQUIRIES, amendment_agreed
from renkei.audit.models import AuditEvent
from renkei.core.errors import ApplicationError, NotFound, PermissionDenied
from renkei.exchange import services as exchanges
from renkei.registry import services as registry
from renkei.registry.tests.factories import organisation

TODAY = date(2026, 12, 1)
TERMINATION_CLAUSE = {
    "key": "termination_notice",
    "action": "add",
    "clause": "§10",
    "text": "いずれか一方の当局は、六箇月前に書面による通告を行うことにより、この協力覚書を終了させることができる。",
    "parameters": {"months": 6},
}


@pytest.fixture
def today(monkeypatch):
    day = {"value": TODAY}
    monkeypatch.setattr(timezone, "localdate", lambda *a: day["value"])
    return day


def _fresh(code: str) -> Agreement:
    return Agreement.objects.get(code=code)


def test_one_sides_consent_changes_nothing_and_the_second_puts_it_in_force(demo_users, today):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    amendment = amendments.amendment_propose(
        actor=isa,
        agreement_code="LA",
        summary="Add a termination clause",
        changes=[TERMINATION_CLAUSE],
    )
    amendments.amendment_consent_record(
        actor=isa, agreement_code="LA", number=1, consented_on=TODAY, reference="ISA-2026-1"
    )
    assert Amendment.objects.get(pk=amendment.pk).status == "proposed"
    assert not _fresh("LA").provision_in_force("termination_notice")
    with pytest.raises(ApplicationError) as refused:
        termination_notice_record(
            actor=la, agreement_code="LA", notice_date=TODAY, reference="Letter"
        )
    assert refused.value.code == "termination_not_provided"

    done = amendments.amendment_consent_record(
        actor=la, agreement_code="LA", number=1, consented_on=TODAY, reference="MoLSW-77"
    )
    assert done.status == "in_force" and done.effective_on == TODAY
    provision = _fresh("LA").provision("termination_notice")
    assert provision.clause == "§10" and provision.amendment_number == 1
    assert not _fresh("LA").provision_in_force("termination_notice", date(2026, 11, 30))
    ended = termination_notice_record(
        actor=la, agreement_code="LA", notice_date=TODAY, reference="Letter"
    )
    assert ended.end_date == date(2027, 6, 1)
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-5:] == [
        "agreement.amendment_proposed",
        "agreement.amendment_consented",
        "agreement.amendment_consented",
        "agreement.amendment_in_force",
        "agreement.termination_noticed",
    ]
    assert _fresh("LA").lifecycle_events.filter(kind="amendment_in_force").count() == 1


def test_exchanges_are_judged_against_the_provisions_on_their_date(demo_users, today):
    isa, pk = demo_users["isa.contact"], demo_users["pk.contact"]
    amendment_agreed(isa, pk, "PK", [PK_INQUIRIES], effective_on=date(2027, 1, 1))

    def inquiry(subject):
        return exchanges.exchange_send(
            actor=isa,
            exchange=exchanges.exchange_create(
                language="en",
                actor=isa,
                agreement_code="PK",
                exchange_type="inquiry",
                subject=subject,
                body="?",
            ),
        )

    before = inquiry("Before the amendment")
    assert not before.answer_deadline_binding
    today["value"] = date(2027, 1, 1)
    after = inquiry("After the amendment")
    assert after.answer_deadline_binding
    before.refresh_from_db()
    assert not before.answer_deadline_binding  # judged once, on its own date


def test_a_draft_is_refused_at_sending_when_an_amendment_removed_its_ground(demo_users, today):
    isa, kh = demo_users["isa.contact"], demo_users["kh.contact"]
    draft = exchanges.exchange_create(
        language="en",
        actor=isa,
        agreement_code="KH",
        exchange_type="referral",
        subject="Sending organisation X",
        body="Please investigate",
        details={"sending_organisation_name": "X"},
    )
    sent = exchanges.exchange_send(
        actor=isa,
        exchange=exchanges.exchange_create(
            language="en",
            actor=isa,
            agreement_code="KH",
            exchange_type="referral",
            subject="Sending organisation Y",
            body="Please investigate",
            details={"sending_organisation_name": "Y"},
        ),
    )
    amendment_agreed(
        isa, kh, "KH", [{"key": "investigation_on_notice", "action": "remove"}], date(2027, 1, 1)
    )
    today["value"] = date(2027, 1, 2)
    with pytest.raises(ApplicationError) as refused:
        exchanges.exchange_send(actor=isa, exchange=draft)
    assert refused.value.code == "type_not_provided"
    # the referral sent while the clause stood is still answered under it
    exchanges.exchange_acknowledge(actor=kh, exchange=sent)
    exchanges.exchange_reply(
        language="en", actor=kh, exchange=sent, body="Investigated.", is_answer=True
    )
    sent.refresh_from_db()
    assert sent.status == "answered"


def test_register_entries_are_judged_against_the_provisions_on_their_date(demo_users, today):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    org = organisation(la)
    amendment_agreed(
        isa, la, "LA", [{"key": "sending_org_accreditation", "action": "remove"}], date(2027, 1, 1)
    )
    today["value"] = date(2027, 2, 1)
    registry.accreditation_record(
        actor=la, organisation=org, kind="applied", effective_date=date(2026, 12, 20)
    )
    with pytest.raises(ApplicationError) as refused:
        registry.accreditation_record(
            actor=la,
            organisation=org,
            kind="accredited",
            effective_date=date(2027, 1, 10),
            valid_until=date(2030, 1, 9),
        )
    assert refused.value.code == "not_provided"
    assert org.events.count() == 1


def test_an_amendment_can_end_an_moc_without_a_termination_clause(demo_users, today):
    isa, kh = demo_users["isa.contact"], demo_users["kh.contact"]
    amendment_agreed(isa, kh, "KH", [], summary="End the MOC", ends_agreement_on=date(2027, 3, 31))
    assert _fresh("KH").end_date == date(2027, 3, 31)


def test_withdraw_and_decline(demo_users, today):
    isa, kg = demo_users["isa.contact"], demo_users["kg.contact"]
    for _ in range(2):
        amendments.amendment_propose(
            actor=isa,
            agreement_code="KG",
            summary="Longer notice",
            changes=[{**TERMINATION_CLAUSE, "action": "replace", "parameters": {"months": 12}}],
        )
    assert (
        amendments.amendment_withdraw(
            actor=isa, agreement_code="KG", number=1, reason="Superseded"
        ).status
        == "withdrawn"
    )
    assert (
        amendments.amendment_withdraw(
            actor=kg, agreement_code="KG", number=2, reason="Six months suffice"
        ).status
        == "declined"
    )
    with pytest.raises(ApplicationError) as refused:
        amendments.amendment_consent_record(
            actor=kg, agreement_code="KG", number=2, consented_on=TODAY, reference="x"
        )
    assert refused.value.code == "invalid_transition" and refused.value.status == 409
    assert _fresh("KG").provision("termination_notice").parameters == {"months": 6}


@pytest.mark.parametrize(
    "changes,code",
    [
        ([{"key": "nonsense", "action": "add", "clause": "§1", "text": "x"}], "invalid_change"),
        (
            [
                {
                    "key": "commencement",
                    "action": "replace",
                    "clause": "§1",
                    "text": "x",
                    "parameters": {"rule": "on_signature"},
                }
            ],
            "invalid_change",
        ),
        (
            [
                {
                    "key": "confidentiality",
                    "action": "add",
                    "clause": "§3",
                    "text": "x",
                    "parameters": {"scope": "anyone"},
                }
            ],
            "invalid_change",
        ),
        ([{"key": "return_cooperation", "action": "remove"}], "invalid_change"),
        ([{**TERMINATION_CLAUSE, "parameters": {"months": 0}}], "invalid_change"),
        ([{**TERMINATION_CLAUSE, "parameters": {"months": "6; DROP TABLE"}}], "invalid_change"),
        ([{**TERMINATION_CLAUSE, "parameters": {}}], "invalid_change"),
        ([{**TERMINATION_CLAUSE, "clause": ""}], "invalid_change"),
        ([{**TERMINATION_CLAUSE, "text": "x" * 10001}], "invalid_change"),
        ([TERMINATION_CLAUSE, TERMINATION_CLAUSE], "invalid_change"),
        (["not a change"], "invalid_change"),
        (
            [
                {
                    "key": "improvement_order_notice",
                    "action": "replace",
                    "clause": "§6(3)",
                    "text": "x",
                    "parameters": {"targets": ["<script>"]},
                }
            ],
            "invalid_change",
        ),
        ([TERMINATION_CLAUSE] * 21, "too_many_changes"),
        ([], "no_changes"),
    ],
)
def test_bad_changes_are_refused_and_write_nothing(demo_users, today, changes, code):
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as refused:
        amendments.amendment_propose(
            actor=demo_users["isa.contact"], agreement_code="LA", summary="s", changes=changes
        )
    assert refused.value.code == code
    assert str(refused.value.message)
    assert not Amendment.objects.exists() and not AmendmentChange.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    "fields,code",
    [
        ({"summary": "   "}, "required"),
        ({"effective_on": date(2026, 11, 30)}, "invalid_date"),
        (
            {"effective_on": date(2027, 1, 1), "ends_agreement_on": date(2026, 12, 31)},
            "invalid_date",
        ),
    ],
)
def test_bad_proposals_are_refused(demo_users, today, fields, code):
    arguments = {"summary": "Add a clause", "changes": [TERMINATION_CLAUSE], **fields}
    with pytest.raises(ApplicationError) as refused:
        amendments.amendment_propose(
            actor=demo_users["isa.contact"], agreement_code="LA", **arguments
        )
    assert refused.value.code == code
    assert not Amendment.objects.exists()


def test_consents_are_checked(demo_users, today):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    amendments.amendment_propose(
        actor=isa,
        agreement_code="LA",
        summary="Add",
        changes=[TERMINATION_CLAUSE],
        effective_on=date(2026, 12, 10),
    )
    for consented_on, reference, code in [
        (date(2026, 12, 2), "future", "invalid_date"),
        (date(2026, 11, 1), "before the proposal", "invalid_date"),
        (TODAY, "", "required"),
    ]:
        with pytest.raises(ApplicationError) as refused:
            amendments.amendment_consent_record(
                actor=isa,
                agreement_code="LA",
                number=1,
                consented_on=consented_on,
                reference=reference,
            )
        assert refused.value.code == code
    amendments.amendment_consent_record(
        actor=isa, agreement_code="LA", number=1, consented_on=TODAY, reference="ISA-1"
    )
    with pytest.raises(ApplicationError) as twice:
        amendments.amendment_consent_record(
            actor=isa, agreement_code="LA", number=1, consented_on=TODAY, reference="ISA-2"
        )
    assert twice.value.code == "already_consented"
    with pytest.raises(PermissionDenied):
        amendments.amendment_consent_record(
            actor=demo_users["mhlw.liaison"],
            agreement_code="LA",
            number=1,
            consented_on=TODAY,
            reference="officer",
        )
    # the proposed date has passed before the partner consented
    today["value"] = date(2026, 12, 11)
    with pytest.raises(ApplicationError) as late:
        amendments.amendment_consent_record(
            actor=la, agreement_code="LA", number=1, consented_on=TODAY, reference="late"
        )
    assert late.value.code == "effective_date_passed"
    assert Amendment.objects.get().status == "proposed"
    with pytest.raises(NotFound):
        amendments.amendment_consent_record(
            actor=la, agreement_code="LA", number=99, consented_on=TODAY, reference="x"
        )


def test_a_partner_never_reaches_another_agreements_amendments(demo_users, today, client):
    isa = demo_users["isa.contact"]
    amendments.amendment_propose(
        actor=isa, agreement_code="LA", summary="Secret", changes=[TERMINATION_CLAUSE]
    )
    kh = demo_users["kh.contact"]
    for call in (
        lambda: amendments.amendment_list_for(actor=kh, agreement_code="LA"),
        lambda: amendments.amendment_consent_record(
            actor=kh, agreement_code="LA", number=1, consented_on=TODAY, reference="x"
        ),
        lambda: amendments.amendment_withdraw(actor=kh, agreement_code="LA", number=1, reason="x"),
    ):
        with pytest.raises(NotFound):
            call()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=kh, name='t')[1]}"}
    assert client.get("/api/v1/agreements/LA/amendments", **headers).status_code == 404
    response = client.post(
        "/api/v1/agreements/LA/amendments/1/consent",
        {"consented_on": "2026-12-01", "reference": "x"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert client.get("/work/LA/lifecycle/").status_code == 302  # anonymous → log-in
    client.force_login(kh)
    assert client.get("/work/LA/lifecycle/").status_code == 404
    # a proposal is not public: the agreement's public text shows only amendments in force
    assert "Secret" not in client.get("/agreements/LA/").content.decode()
    assert client.get("/api/v1/agreements/LA").json()["amendments"] == []


def test_reloading_changed_data_keeps_the_amendments(demo_users, today):
    from renkei.agreements.services import agreements_load

    isa, pk = demo_users["isa.contact"], demo_users["pk.contact"]
    amendment_agreed(isa, pk, "PK", [PK_INQUIRIES])
    Agreement.objects.filter(code="PK").update(data_digest="changed")
    agreements_load()
    agreement = _fresh("PK")
    assert agreement.data_digest != "changed"
    assert agreement.provision("inquiries").amendment_number == 1
