"""A hit's labels and flags name a status or a side, its explanation a key and fields; each
reader sees those words in their own language, never the stored code ("not_accredited",
"revoked", "partner", "bare_joined")."""

from datetime import date

from django.utils import translation

from renkei.exchange.tests.factories import sent
from renkei.registry import services as registry
from renkei.registry.tests.factories import organisation
from renkei.screening.models import Hit, ScreenedName
from renkei.screening.templatetags.screening_labels import (
    field_described,
    key_described,
    label_translated,
)
from renkei.screening.tests.test_screening_hits import REPORT


def _revoked_officer_reappears(la) -> Hit:
    old = organisation(la, licence="LA-OLD-1", officers=["Bounmy Keo"])
    for kind, day in (("applied", date(2025, 1, 1)), ("accredited", date(2025, 1, 2))):
        registry.accreditation_record(
            actor=la,
            organisation=old,
            kind=kind,
            effective_date=day,
            valid_until=date(2028, 1, 1) if kind == "accredited" else None,
        )
    registry.accreditation_record(
        actor=la, organisation=old, kind="revoked", effective_date=date(2026, 3, 1), reason="Fees"
    )
    organisation(
        la, licence="LA-NEW-9", name_latin="New Horizon Sole Co., Ltd.", officers=["BOUNMY KEO"]
    )
    return Hit.objects.get(new__name="BOUNMY KEO")


def test_the_last_word_in_parentheses_is_translated_and_the_rest_kept():
    with translation.override("ja"):
        assert label_translated("LA-OLD-1 (Revoked)") == "LA-OLD-1 (取消し)"
        assert (
            label_translated("= Bounmy Keo (LA-OLD-1 (Revoked))")
            == "= Bounmy Keo (LA-OLD-1 (取消し))"
        )
        assert label_translated("19登-000001") == "19登-000001"
        assert label_translated("X (no such msgid)") == "X (no such msgid)"
    with translation.override("en"):
        assert label_translated("LA-OLD-1 (Revoked)") == "LA-OLD-1 (Revoked)"


def test_keys_and_fields_are_described_with_their_suffixes():
    with translation.override("ja"):
        assert key_described("original") == "原表記"
        assert (
            key_described("bare_joined+legal_form")
            == "ローマ字化・法人格除去, 語を連結, 法人格が異なる"
        )
        assert field_described("identifier") == "許可番号又は登録番号"
    with translation.override("en"):
        assert key_described("skeleton_joined") == "consonant skeleton, words run together"
        assert key_described("new_key") == "new_key"  # a key it does not know, as it is
        assert field_described("person") == "Same representative or officer"


def test_the_review_queue_in_japanese_names_the_status_in_japanese(demo_users, client):
    hit = _revoked_officer_reappears(demo_users["la.contact"])
    assert hit.existing.label.endswith("(Revoked)")  # stored as the English msgid
    client.force_login(demo_users["isa.contact"])
    client.cookies["django_language"] = "ja"
    page = client.get("/screening/").content.decode()
    assert "LA-OLD-1 (取消し)" in page
    assert 'title="original">原表記</span>' in page  # the code stays, as a tooltip
    assert "(Revoked)" not in page and "(revoked)" not in page


def test_the_registry_shows_the_status_in_the_readers_language(demo_users, client):
    la = demo_users["la.contact"]
    new = organisation(la, licence="LA-NEW-2", officers=[])
    client.force_login(la)
    client.cookies["django_language"] = "ja"
    detail = client.get(f"/work/LA/registry/{new.pk}/").content.decode()
    assert 'data-testid="org-status">未認定</span>' in detail
    client.cookies["django_language"] = "en"
    listing = client.get("/work/LA/registry/").content.decode()
    assert ">Not accredited</span>" in listing and ">not_accredited<" not in listing


def test_a_reported_intermediary_names_the_reporting_side_in_the_readers_language(
    demo_users, client
):
    report = sent(demo_users["la.contact"], details=REPORT)
    stored = ScreenedName.objects.get(source_type="intermediary", name="Somsak Phanthavong")
    assert stored.label == f"{report.reference} (Partner side)"
    client.force_login(demo_users["isa.contact"])
    client.cookies["django_language"] = "ja"
    page = client.get("/screening/?name=Somsak Phanthavong").content.decode()
    assert f"{report.reference} (相手国側)" in page and "(partner)" not in page
