"""The exchange kinds' registry: every kind complete, and a new kind (declared in the test
tree) working end to end through the API and the pages with nothing else changed."""

import pytest
from django.template.loader import get_template
from django.utils import translation

from renkei.accounts.services import api_token_create
from renkei.agreements.models import Agreement
from renkei.agreements.provisions import PROVISION_KEYS
from renkei.exchange.kinds import KINDS, kind_registered, kinds_allowed
from renkei.exchange.kinds.base import Strict
from renkei.exchange.models import Exchange
from renkei.exchange.retention import details_without_personal
from renkei.exchange.tests import kind_document_check

DECLARED_PROVISIONS = {p.key for p in PROVISION_KEYS}


@pytest.mark.parametrize("key", list(KINDS))
def test_every_kind_declares_everything(key):
    kind = KINDS[key]
    assert kind.key == key
    assert issubclass(kind.details_model, Strict)
    assert kind.provision in DECLARED_PROVISIONS
    assert kind.binding_provision in DECLARED_PROVISIONS | {None}
    assert set(kind.originating_sides) and set(kind.originating_sides) <= {"jp", "partner"}
    fields = set(kind.details_model.model_fields) | set(kind.recorded_details)
    assert set(kind.personal_details) <= fields, "retention must know every personal field"
    for template in (kind.form_template, kind.detail_template):
        if template:
            get_template(template)  # raises if missing or broken
    assert (kind.form_template is None) == (kind.details_from_post is None), (
        "a form of its own needs its own reading of the form, and the other way round"
    )
    with translation.override("ja"):
        japanese = str(kind.label)
    with translation.override("en"):
        assert japanese != str(kind.label), "the label has no Japanese"


def test_every_kind_is_provided_by_some_moc_and_every_moc_has_kinds(agreements):
    provided = set()
    for agreement in Agreement.objects.all():
        for side in ("jp", "partner"):
            provided |= {kind.key for kind in kinds_allowed(agreement, side)}
        assert kinds_allowed(agreement, "jp"), agreement.code
    assert provided == set(KINDS)


def test_stored_keys_are_registered_kinds(demo_users):
    from renkei.exchange.tests.factories import draft, sent

    sent(demo_users["isa.contact"])
    draft(demo_users["la.contact"])
    assert set(Exchange.objects.values_list("exchange_type", flat=True)) <= set(KINDS)


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


DETAILS = {
    "document_number": "LA-PC-20419",
    "holder_name": "Vongsa Phet",
    "issued_on": "2026-03-02",
}


def test_an_unregistered_kind_is_refused(demo_users, client):
    answer = client.post(
        "/api/v1/agreements/LA/exchanges",
        {"type": "document_check", "subject": "S", "body": "B", "details": DETAILS},
        content_type="application/json",
        **_bearer(demo_users["isa.contact"]),
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "type_not_provided"
    assert not Exchange.objects.exists()


def test_a_new_kind_works_through_the_api(demo_users, client):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    with kind_registered(kind_document_check.KIND):
        created = client.post(
            "/api/v1/agreements/LA/exchanges",
            {
                "type": "document_check",
                "subject": "Pass certificate",
                "body": "Is it yours?",
                "language": "en",
                "details": DETAILS,
            },
            content_type="application/json",
            **_bearer(isa),
        )
        assert created.status_code == 201, created.content
        exchange_id = created.json()["id"]
        bad = client.post(
            "/api/v1/agreements/LA/exchanges",
            {
                "type": "document_check",
                "subject": "S",
                "body": "B",
                "details": {**DETAILS, "document_number": "<script>"},
            },
            content_type="application/json",
            **_bearer(isa),
        )
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_details"
        assert (
            client.post(f"/api/v1/exchanges/{exchange_id}/send", **_bearer(isa)).status_code == 200
        )
        # The partner may not start one: Japan's side only.
        wrong_side = client.post(
            "/api/v1/agreements/LA/exchanges",
            {"type": "document_check", "subject": "S", "body": "B", "details": DETAILS},
            content_type="application/json",
            **_bearer(la),
        )
        assert wrong_side.status_code == 403
        answered = client.post(
            f"/api/v1/exchanges/{exchange_id}/replies",
            {"body": "Issued by us on that date.", "is_answer": True},
            content_type="application/json",
            **_bearer(la),
        )
        assert answered.status_code == 201, answered.content
        read = client.get(f"/api/v1/exchanges/{exchange_id}", **_bearer(la)).json()
    assert read["type"] == "document_check" and read["status"] == "answered"
    assert read["details"]["holder_name"] == "Vongsa Phet"
    exchange = Exchange.objects.get(pk=exchange_id)
    with kind_registered(kind_document_check.KIND):
        assert "holder_name" not in details_without_personal(exchange)
        assert exchange.answer_deadline_binding is False  # information_sharing alone: a target


def test_a_new_kind_works_through_the_pages(demo_users, client):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    with kind_registered(kind_document_check.KIND):
        client.force_login(isa)
        listing = client.get("/work/LA/exchanges/")
        assert "/work/LA/exchanges/new/document_check/" in listing.content.decode()
        form = client.get("/work/LA/exchanges/new/document_check/").content.decode()
        for name in ("detail_document_number", "detail_holder_name", "detail_issued_on"):
            assert f'name="{name}"' in form
        posted = client.post(
            "/work/LA/exchanges/new/document_check/",
            {
                "subject_ja": "合格証明書",
                "body_ja": "御国の発行したものか。",
                "subject_en": "Pass certificate",
                "body_en": "Is it yours?",
                "detail_document_number": "LA-PC-20419",
                "detail_holder_name": "Vongsa Phet",
                "detail_issued_on": "2026-03-02",
                "detail_original_seen": "1",
                "send": "1",
            },
        )
        assert posted.status_code == 302, posted.content.decode()[:2000]
        exchange = Exchange.objects.get(exchange_type="document_check")
        assert posted["Location"] == f"/work/LA/exchanges/{exchange.pk}/send/"
        confirmed = client.post(posted["Location"], {"step": "send"})
        assert confirmed.status_code == 302, confirmed.content.decode()[:2000]
        exchange.refresh_from_db()
        assert exchange.status == "sent"
        assert exchange.details == {**DETAILS, "original_seen": True}
        client.force_login(la)
        page = client.get(f"/work/LA/exchanges/{exchange.pk}/").content.decode()
        assert "Vongsa Phet" in page and "LA-PC-20419" in page
        found = client.get("/work/LA/exchanges/?q=vongsa&box=inbox").content.decode()
        assert exchange.reference in found


@pytest.mark.parametrize("key", list(KINDS))
def test_a_kind_key_lives_in_its_own_module(key):
    """Code outside the kind's module asks the registry; it does not compare with the key."""
    import re
    from pathlib import Path

    source = Path(__file__).resolve().parents[2]
    # In Python a quoted key or an enum member; in a template a comparison with the key (a
    # CSS class of the same word is not a use of the kind).
    patterns = {
        ".py": re.compile(rf"""["']{key}["']|\b{key.upper()}\b"""),
        ".toml": re.compile(rf"""["']{key}["']"""),
        ".html": re.compile(rf"""==\s*["']{key}["']"""),
    }
    found = {
        str(path.relative_to(source))
        for path in source.rglob("*")
        if path.suffix in (".py", ".html", ".toml")
        and "tests" not in path.parts
        and "migrations" not in path.parts
        and patterns[path.suffix].search(path.read_text(encoding="utf-8"))
    }
    assert found == {f"exchange/kinds/{key}.py"}
