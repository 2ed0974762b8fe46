import datetime

import pytest

from renkei.audit.models import AuditEvent
from renkei.core.errors import PermissionDenied
from renkei.exchange import services
from renkei.exchange.models import ConsentRequest, Disclosure
from renkei.exchange.tests.factories import sent


def disclose(
    actor, exchange, kind="agency", name="Labour Standards Office", purpose="Inspection", **kw
):
    return services.disclosure_record(
        actor=actor,
        exchange=exchange,
        recipient_kind=kind,
        recipient_name=name,
        purpose=purpose,
        parts="Names of the intermediaries",
        **kw,
    )


def test_third_party_disclosure_without_consent_is_refused_and_recorded(demo_users):
    exchange = sent(demo_users["la.contact"])
    with pytest.raises(PermissionDenied) as excinfo:
        disclose(demo_users["isa.contact"], exchange)
    assert excinfo.value.code == "consent_required"
    assert not Disclosure.objects.exists()
    refusal = AuditEvent.objects.latest("seq")
    assert refusal.action == "disclosure.refused" and refusal.after["reason"] == "consent_required"


def test_request_then_written_consent_then_disclosure(demo_users):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = sent(la)
    request = services.consent_request_create(
        actor=isa,
        exchange=exchange,
        recipient_kind="agency",
        recipient_name="Labour Standards Office",
        purpose="Inspection",
    )
    consent = services.consent_record(
        actor=la,
        exchange=exchange,
        recipient_kind="agency",
        recipient_name="Labour Standards Office",
        purpose="Inspection",
        reference_number="MoLSW/2026/117",
        consent_date=datetime.date(2026, 11, 1),
        request=request,
    )
    request.refresh_from_db()
    assert request.state == ConsentRequest.State.GRANTED
    disclosure = disclose(isa, exchange, name="labour standards office", purpose="INSPECTION")
    assert disclosure.consent == consent
    # consent for one recipient does not cover another, nor another purpose
    with pytest.raises(PermissionDenied):
        disclose(isa, exchange, name="Prefectural Police")
    with pytest.raises(PermissionDenied):
        disclose(isa, exchange, purpose="Press release")


def test_moc_parties_need_no_consent_under_third_party_clauses(demo_users):
    exchange = sent(demo_users["la.contact"])
    assert (
        disclose(demo_users["isa.contact"], exchange, kind="moc_party", name="MHLW").consent is None
    )


def test_pakistan_needs_consent_for_any_disclosure(demo_users):
    exchange = sent(demo_users["pk.contact"], code="PK")
    with pytest.raises(PermissionDenied):
        disclose(demo_users["isa.contact"], exchange, kind="moc_party", name="MHLW")


def test_no_judicial_use_marking_needs_consent_that_covers_it(demo_users):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = sent(la, handling_restrictions=["no_judicial_use"])
    disclose(isa, exchange, kind="moc_party", name="NPA")  # ordinary use inside the circle
    with pytest.raises(PermissionDenied):
        disclose(
            isa, exchange, kind="moc_party", name="NPA", purpose="Prosecution", judicial_use=True
        )
    services.consent_record(
        actor=la,
        exchange=exchange,
        recipient_kind="moc_party",
        recipient_name="NPA",
        purpose="Prosecution",
        reference_number="L-9",
        consent_date=datetime.date(2026, 11, 2),
        judicial_use=True,
    )
    assert disclose(
        isa, exchange, kind="moc_party", name="NPA", purpose="Prosecution", judicial_use=True
    )


def test_never_published_is_never_published(demo_users):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = sent(la, handling_restrictions=["no_publication"])
    services.consent_record(
        actor=la,
        exchange=exchange,
        recipient_kind="public",
        recipient_name="Website",
        purpose="Register",
        reference_number="L-1",
        consent_date=datetime.date(2026, 11, 2),
    )
    with pytest.raises(PermissionDenied) as excinfo:
        disclose(isa, exchange, kind="public", name="Website", purpose="Register")
    assert excinfo.value.code == "no_publication"


def test_only_the_originators_contact_point_records_consent(demo_users):
    exchange = sent(demo_users["la.contact"])
    with pytest.raises(PermissionDenied):
        services.consent_record(
            actor=demo_users["isa.contact"],
            exchange=exchange,
            recipient_kind="agency",
            recipient_name="X",
            purpose="Y",
            reference_number="Z",
            consent_date=datetime.date(2026, 11, 2),
        )


def test_consent_cannot_be_dated_in_the_future(demo_users):
    from renkei.core.errors import ApplicationError

    exchange = sent(demo_users["la.contact"])
    with pytest.raises(ApplicationError) as excinfo:
        services.consent_record(
            actor=demo_users["la.contact"],
            exchange=exchange,
            recipient_kind="agency",
            recipient_name="X",
            purpose="Y",
            reference_number="Z",
            consent_date=datetime.date(2999, 1, 1),
        )
    assert excinfo.value.code == "future_date"


def test_refusing_a_request(demo_users):
    exchange = sent(demo_users["la.contact"])
    request = services.consent_request_create(
        actor=demo_users["isa.contact"],
        exchange=exchange,
        recipient_kind="public",
        recipient_name="Press",
        purpose="Article",
    )
    services.consent_request_refuse(actor=demo_users["la.contact"], request=request)
    assert request.state == "refused"
    assert AuditEvent.objects.latest("seq").action == "consent.refused"
