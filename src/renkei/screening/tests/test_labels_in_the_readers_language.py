"""A hit's labels and flags name a status or a side; each reader sees that word in their own
language, never the stored code ("not_accredited", "revoked", "partner")."""

from datetime import date

from django.utils import translation

from renkei.registry import services as registry
from renkei.registry.tests.factories import organisation
from renkei.screening.models import Hit
from renkei.screening.templatetags.screening_labels import label_translated


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


def test_the_review_queue_in_japanese_names_the_status_in_japanese(demo_users, client):
    hit = _revoked_officer_reappears(demo_users["la.contact"])
    assert hit.existing.label.endswith("(Revoked)")  # stored as the English msgid
    client.force_login(demo_users["isa.contact"])
    client.cookies["django_language"] = "ja"
    page = client.get("/screening/").content.decode()
    assert "LA-OLD-1 (取消し)" in page
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
