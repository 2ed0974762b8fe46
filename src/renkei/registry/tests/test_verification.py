from datetime import date, datetime, time

import pytest

from renkei.accounts.services import api_token_create
from renkei.registry import services
from renkei.registry.tests.factories import KH_SENDER, accredited, kh_sender


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


def test_examiner_gets_a_definite_answer_with_the_deciding_events(demo_users, client):
    la = demo_users["la.contact"]
    org = accredited(la)
    services.accreditation_record(
        actor=la, organisation=org, kind="revoked", effective_date=date(2025, 9, 1), reason="Fees"
    )
    examiner = bearer(demo_users["isa.examiner"])
    ok = client.get(
        "/api/v1/verify/sending-organisation?agreement=LA&licence=la-so-001&on=2025-06-01",
        **examiner,
    ).json()
    assert ok["matches"][0]["accredited"] is True and ok["matches"][0]["status"] == "accredited"
    assert [e["kind"] for e in ok["matches"][0]["deciding_events"]] == ["applied", "accredited"]
    later = client.get(
        "/api/v1/verify/sending-organisation?agreement=LA&licence=LA-SO-001&on=2025-09-02",
        **examiner,
    ).json()
    assert later["matches"][0]["accredited"] is False and later["matches"][0]["status"] == "revoked"
    by_name = client.get(
        "/api/v1/verify/sending-organisation?agreement=LA&name=manpower%20export", **examiner
    ).json()
    assert by_name["matches"][0]["id"] == org.pk


def test_unknown_name_is_a_definite_not_found(demo_users, client):
    response = client.get(
        "/api/v1/verify/sending-organisation?agreement=LA&name=Nobody%20Ltd",
        HTTP_ACCEPT_LANGUAGE="en",
        **bearer(demo_users["isa.examiner"]),
    )
    assert response.status_code == 404
    assert "not accredited" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "query,status",
    [
        ("agreement=LA", 400),
        ("agreement=LA&licence=x&on=yesterday", 400),
        ("agreement=PK&licence=x", 409),
        ("agreement=XX&licence=x", 404),
    ],
)
def test_bad_verification_queries(demo_users, client, query, status):
    response = client.get(
        f"/api/v1/verify/sending-organisation?{query}", **bearer(demo_users["isa.examiner"])
    )
    assert response.status_code == status
    assert response.json()["error"]["code"]


def test_only_examiners_verify(demo_users, client):
    response = client.get(
        "/api/v1/verify/sending-organisation?agreement=LA&licence=x",
        **bearer(demo_users["la.contact"]),
    )
    assert response.status_code == 403


def test_candidate_certificates_only_for_cambodia(demo_users, client):
    kh = demo_users["kh.contact"]
    kh_sender(kh)
    services.candidate_certificate_record(
        actor=kh,
        agreement_code="KH",
        number="KH-C-0001",
        candidate_name="Sok Dara",
        issued_on=date(2025, 1, 1),
        valid_until=date(2026, 1, 1),
        sending_organisation_licence=KH_SENDER,
    )
    examiner = bearer(demo_users["isa.examiner"])
    valid = client.get(
        "/api/v1/verify/candidate-certificate?agreement=KH&number=kh-c-0001&on=2025-06-01",
        **examiner,
    ).json()
    assert valid["valid"] is True and valid["reason"] == "valid"
    expired = client.get(
        "/api/v1/verify/candidate-certificate?agreement=KH&number=KH-C-0001&on=2026-06-01",
        **examiner,
    ).json()
    assert expired["valid"] is False and expired["reason"] == "expired"
    missing = client.get(
        "/api/v1/verify/candidate-certificate?agreement=KH&number=NOPE",
        HTTP_ACCEPT_LANGUAGE="en",
        **examiner,
    )
    assert missing.status_code == 404 and "not certified" in missing.json()["error"]["message"]
    with pytest.raises(services.NotProvided):
        services.candidate_certificate_record(
            actor=demo_users["la.contact"],
            agreement_code="LA",
            number="1",
            candidate_name="x",
            issued_on=date(2025, 1, 1),
            valid_until=date(2026, 1, 1),
        )
    assert (
        client.get(
            "/api/v1/verify/candidate-certificate?agreement=LA&number=1", **examiner
        ).status_code
        == 409
    )


def test_verify_page(demo_users, client):
    accredited(demo_users["la.contact"])
    client.force_login(demo_users["isa.examiner"])
    page = client.get(
        "/verify/?agreement=LA&what=organisation&by=licence&number=LA-SO-001&on=2025-06-01",
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Accredited on that date" in page
    client.force_login(demo_users["la.contact"])
    refused = client.get("/verify/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 403 and b"does not have the examiner role" in refused.content


def test_verify_explains_itself_to_the_public(client, agreements):
    page = client.get("/verify/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200  # not a silent redirect to the log-in page
    text = page.content.decode()
    assert 'data-testid="verify-about"' in text and "Log in with an examiner" in text
    assert "/public/LA/sending-organisations/" in text


def test_the_answer_holds_dates_and_no_times_so_orjson_may_write_them(demo_users, rf):
    # The verification's answer is a DateOnlyAnswer: its dates written by orjson itself. A
    # datetime or a time added to it would be written in orjson's form, not the API's; this
    # walks a real answer, with a validity and a revocation, for any, and holds its bytes to
    # the plain path's.
    from renkei.core.json_renderer import DateOnlyAnswer, OrjsonRenderer
    from renkei.publication.api import verify_sending_organisation

    la = demo_users["la.contact"]
    org = accredited(la)
    services.accreditation_record(
        actor=la, organisation=org, kind="revoked", effective_date=date(2025, 9, 1), reason="Fees"
    )
    request = rf.get("/")
    request.auth = demo_users["isa.examiner"]
    for on in ("2025-06-01", "2025-09-02"):
        answer = verify_sending_organisation(request, "LA", licence=org.licence_number, on=on)
        assert type(answer) is DateOnlyAnswer

        def walk(value):
            if isinstance(value, dict):
                value = list(value.values())
            if isinstance(value, list | tuple):
                return [leaf for item in value for leaf in walk(item)]
            return [value]

        leaves = walk(answer.data)
        assert any(type(leaf) is date for leaf in leaves)
        assert not [leaf for leaf in leaves if isinstance(leaf, datetime | time)]
        renderer = OrjsonRenderer()
        assert renderer.render(request, answer, response_status=200) == renderer.render(
            request, answer.data, response_status=200
        )
