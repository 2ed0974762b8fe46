"""English is the working language between the sides: what crosses carries it, each reader
sees their own language first, and the other is a click away."""

import pytest

from renkei.accounts.services import api_token_create
from renkei.audit.models import AuditEvent
from renkei.exchange import services
from renkei.exchange.models import Exchange, Reply, Status
from renkei.exchange.retention import exchange_personal_erase
from renkei.exchange.tests.factories import MISCONDUCT_DETAILS

JA_SUBJECT = "仲介機関による保証金の徴収"
JA_BODY = "候補者１２名が出国前に保証金を支払わされた。"
EN_SUBJECT = "Deposits taken by an intermediary"
EN_BODY = "Twelve candidates were made to pay a deposit before departure."


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


def _create(client, user, **extra):
    return client.post(
        "/api/v1/agreements/LA/exchanges",
        {
            "type": "inquiry",
            "subject": JA_SUBJECT,
            "body": JA_BODY,
            "details": {},
            **extra,
        },
        content_type="application/json",
        **_bearer(user),
    )


def test_the_agreements_say_their_working_language(demo_users):
    from renkei.agreements.models import Agreement

    assert set(Agreement.objects.values_list("working_language", flat=True)) == {"en"}


def test_japanese_only_is_refused_at_sending_and_nothing_changes(demo_users, client):
    isa = demo_users["isa.contact"]
    created = _create(client, isa)
    assert created.status_code == 201, created.content
    assert created.json()["language"] == "ja"  # the author's language by default
    headers = _bearer(isa)
    events = AuditEvent.objects.count()
    refused = client.post(f"/api/v1/exchanges/{created.json()['id']}/send", **headers)
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "working_language_missing"
    assert error["details"] == {"language": "en", "fields": ["subject", "body"]}
    assert "English" in error["message"] or "英語" in error["message"]
    assert Exchange.objects.get().status == Status.DRAFT
    assert AuditEvent.objects.count() == events


def test_with_english_it_arrives_in_english(demo_users, client):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    created = _create(client, isa, translations={"en": {"subject": EN_SUBJECT, "body": EN_BODY}})
    assert created.json()["translations"] == {"en": {"subject": EN_SUBJECT, "body": EN_BODY}}
    exchange_id = created.json()["id"]
    sent = client.post(f"/api/v1/exchanges/{exchange_id}/send", **_bearer(isa))
    assert sent.status_code == 200, sent.content
    read = client.get(f"/api/v1/exchanges/{exchange_id}", **_bearer(la)).json()
    assert read["language"] == "ja" and read["translations"]["en"]["body"] == EN_BODY
    client.force_login(la)
    page = client.get(f"/work/LA/exchanges/{exchange_id}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    first = html.index('data-testid="body"')
    assert EN_BODY in html[first : first + 400]  # English first
    assert 'data-testid="also-in-ja"' in html and JA_BODY in html  # the original a click away
    listing = client.get("/work/LA/exchanges/?box=inbox", HTTP_ACCEPT_LANGUAGE="en")
    assert EN_SUBJECT in listing.content.decode()
    client.force_login(isa)
    own = client.get(f"/work/LA/exchanges/{exchange_id}/", HTTP_ACCEPT_LANGUAGE="ja")
    html = own.content.decode()
    first = html.index('data-testid="body"')
    assert JA_BODY in html[first : first + 400]
    assert 'data-testid="also-in-en"' in html


def test_the_partner_writing_in_english_needs_no_translation(demo_users, client):
    la = demo_users["la.contact"]
    created = client.post(
        "/api/v1/agreements/LA/exchanges",
        {
            "type": "misconduct_report",
            "subject": EN_SUBJECT,
            "body": EN_BODY,
            "details": MISCONDUCT_DETAILS,
        },
        content_type="application/json",
        **_bearer(la),
    )
    assert created.json()["language"] == "en"
    sent = client.post(f"/api/v1/exchanges/{created.json()['id']}/send", **_bearer(la))
    assert sent.status_code == 200


@pytest.mark.parametrize(
    "translations,code",
    [
        ({"xx": {"subject": "S", "body": "B"}}, "unknown_language"),
        ({"ja": {"subject": "S", "body": "B"}}, "invalid"),  # the original's own language
        ({"en": {"subject": "x" * 201, "body": "B"}}, "invalid"),
        ({"en": {"subject": "S\x00", "body": "B"}}, "control_characters"),
    ],
)
def test_bad_translations_are_refused_and_write_nothing(demo_users, client, translations, code):
    answer = _create(client, demo_users["isa.contact"], translations=translations)
    assert answer.status_code in (400, 422), answer.content
    assert answer.json()["error"]["code"] == code
    assert not Exchange.objects.exists()


def test_replies_to_the_other_side_carry_english(demo_users, client):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    exchange = services.exchange_send(
        actor=la,
        exchange=services.exchange_create(
            actor=la,
            agreement_code="LA",
            exchange_type="misconduct_report",
            subject=EN_SUBJECT,
            body=EN_BODY,
            details=MISCONDUCT_DETAILS,
        ),
    )
    url = f"/api/v1/exchanges/{exchange.pk}/replies"
    refused = client.post(
        url, {"body": "調査中。"}, content_type="application/json", **_bearer(isa)
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "working_language_missing"
    assert not Reply.objects.exists()
    answered = client.post(
        url,
        {"body": "調査中。", "translations": {"en": {"body": "Under investigation."}}},
        content_type="application/json",
        **_bearer(isa),
    )
    assert answered.status_code == 201, answered.content
    assert answered.json()["translations"] == {"en": {"body": "Under investigation."}}
    client.force_login(la)
    page = client.get(f"/work/LA/exchanges/{exchange.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Under investigation." in page.content.decode()


def test_search_finds_the_english_rendering(demo_users, client):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    exchange = services.exchange_create(
        actor=isa,
        agreement_code="LA",
        exchange_type="inquiry",
        subject=JA_SUBJECT,
        body=JA_BODY,
        translations={"en": {"subject": EN_SUBJECT, "body": EN_BODY}},
    )
    services.exchange_send(actor=isa, exchange=exchange)
    client.force_login(la)
    found = client.get("/work/LA/exchanges/?box=inbox&q=twelve+candidates")
    assert exchange.reference in found.content.decode()


def test_the_confirmation_page_asks_for_the_missing_english_then_sends(demo_users, client):
    isa = demo_users["isa.contact"]
    exchange = services.exchange_create(
        actor=isa,
        agreement_code="LA",
        exchange_type="inquiry",
        subject=JA_SUBJECT,
        body=JA_BODY,
    )
    client.force_login(isa)
    url = f"/work/LA/exchanges/{exchange.pk}/send/"
    summary = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="working-language-missing"' in summary
    assert 'data-testid="confirm-send"' not in summary
    assert "Overseas Employment Division" in summary  # to whom, by name
    # A send forced past the page is refused the same way.
    forced = client.post(url, {"step": "send"}, HTTP_ACCEPT_LANGUAGE="en")
    assert forced.status_code == 400
    exchange.refresh_from_db()
    assert exchange.status == Status.DRAFT
    client.post(url, {"step": "translate", "subject_en": EN_SUBJECT, "body_en": EN_BODY})
    summary = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="confirm-send"' in summary and EN_BODY in summary
    client.post(url, {"step": "send"})
    exchange.refresh_from_db()
    assert exchange.status == Status.SENT
    assert exchange.translations == {"en": {"subject": EN_SUBJECT, "body": EN_BODY}}


def test_erasure_erases_the_renderings_of_personal_text(demo_users):
    from datetime import timedelta

    from django.utils import timezone

    isa = demo_users["isa.contact"]
    exchange = services.exchange_create(
        actor=isa,
        agreement_code="LA",
        exchange_type="inquiry",
        subject=JA_SUBJECT,
        body=JA_BODY,
        translations={"en": {"subject": EN_SUBJECT, "body": EN_BODY}},
    )
    services.exchange_send(actor=isa, exchange=exchange)
    services.exchange_close(actor=isa, exchange=exchange)
    Exchange.objects.filter(pk=exchange.pk).update(
        closed_at=timezone.now() - timedelta(days=365 * 20)
    )
    assert exchange_personal_erase(exchange)
    exchange.refresh_from_db()
    assert exchange.body == "" and exchange.translations == {"en": {"subject": EN_SUBJECT}}
    assert "twelve" not in exchange.search_text


def test_another_partner_cannot_reach_the_confirmation_pages(demo_users, client):
    isa = demo_users["isa.contact"]
    draft = services.exchange_create(
        actor=isa,
        agreement_code="LA",
        exchange_type="inquiry",
        subject=JA_SUBJECT,
        body=JA_BODY,
    )
    client.force_login(demo_users["kh.contact"])
    for url in (f"/work/LA/exchanges/{draft.pk}/send/", f"/work/KH/exchanges/{draft.pk}/send/"):
        assert client.get(url).status_code == 404
        posted = client.post(url, {"step": "translate", "subject_en": "x", "body_en": "y"})
        assert posted.status_code == 404
    # Nor can Laos, which does not see Japan's drafts at all.
    client.force_login(demo_users["la.contact"])
    assert client.post(f"/work/LA/exchanges/{draft.pk}/send/", {"step": "send"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.translations == {}


def test_a_hostile_block_count_is_held_to_its_limit(demo_users, client):
    client.force_login(demo_users["la.contact"])
    url = "/work/LA/exchanges/new/misconduct_report/"
    for rows, shown in (("99999", 10), ("-3", 2), ("x", 2), ("9", 10)):
        page = client.post(url, {"int_rows": rows, "more": "int_rows"})
        assert page.status_code == 200
        assert page.content.decode().count('data-testid="intermediary"') == shown
    refused = client.post(url, {"int_rows": "1\x00", "more": "int_rows"})
    assert refused.status_code == 400  # the input gate
    assert not Exchange.objects.exists()
