"""Each exchange type only where the MOC provides for it: asked of the agreement's data."""

import pytest

from renkei.core.errors import ApplicationError, PermissionDenied
from renkei.exchange import services
from renkei.exchange.models import Exchange
from renkei.exchange.tests.factories import MISCONDUCT_DETAILS, draft, sent


def test_pakistan_has_no_referrals(demo_users):
    with pytest.raises(ApplicationError) as excinfo:
        draft(demo_users["isa.contact"], code="PK", exchange_type="referral")
    assert excinfo.value.code == "type_not_provided"
    assert not Exchange.objects.exists()


def test_referrals_start_on_the_japanese_side(demo_users):
    draft(demo_users["isa.contact"], code="KG", exchange_type="referral")
    with pytest.raises(PermissionDenied):
        draft(demo_users["kg.contact"], code="KG", exchange_type="referral")


def test_unknown_type_is_refused(demo_users):
    with pytest.raises(ApplicationError) as excinfo:
        draft(demo_users["la.contact"], exchange_type="gossip")
    assert excinfo.value.code == "type_not_provided"


@pytest.mark.parametrize("letters", [["f"], ["a", "z"], ["A"], ["ab"], [], ["a", "a"]])
def test_unknown_or_malformed_category_letters_are_refused(demo_users, letters):
    details = {**MISCONDUCT_DETAILS, "categories": letters, "amounts": []}
    with pytest.raises(ApplicationError) as excinfo:
        draft(demo_users["la.contact"], details=details)
    assert excinfo.value.code in {"unknown_category", "invalid_details"}
    assert not Exchange.objects.exists()


def test_amounts_only_with_money_categories(demo_users):
    details = {**MISCONDUCT_DETAILS, "categories": ["c"]}
    with pytest.raises(ApplicationError) as excinfo:
        draft(demo_users["la.contact"], details=details)
    assert excinfo.value.code == "invalid_details"


def test_signed_but_not_in_force_agreement_accepts_drafts_but_not_sending(demo_users):
    exchange = draft(demo_users["tj.contact"], code="TJ")
    with pytest.raises(ApplicationError) as excinfo:
        services.exchange_send(actor=demo_users["tj.contact"], exchange=exchange)
    assert excinfo.value.code == "agreement_not_in_force"


def test_inquiry_answer_deadline_binds_only_where_the_moc_has_inquiries(demo_users):
    kh = sent(demo_users["isa.contact"], code="KH", exchange_type="inquiry", details={})
    pk = sent(demo_users["isa.contact"], code="PK", exchange_type="inquiry", details={})
    assert kh.answer_deadline_binding is True
    assert pk.answer_deadline_binding is False
    assert pk.answer_due_at is not None  # still a target, shown as such


def test_handling_follows_the_confidentiality_provision(demo_users):
    assert draft(demo_users["isa.contact"], code="PK").handling_scope == "anyone"
    assert draft(demo_users["isa.contact"], code="LA").handling_scope == "third_parties"


def test_service_levels_are_editable_by_administrators(demo_users, agreements):
    services.service_level_set(
        actor=demo_users["renkei.admin"],
        agreement=agreements["LA"],
        exchange_type="inquiry",
        acknowledge_days=1,
        answer_days=10,
    )
    exchange = sent(demo_users["isa.contact"], exchange_type="inquiry", details={})
    assert (exchange.answer_due_at - exchange.sent_at).days == 10
    with pytest.raises(PermissionDenied):
        services.service_level_set(
            actor=demo_users["isa.contact"],
            agreement=agreements["LA"],
            exchange_type="inquiry",
            acknowledge_days=1,
            answer_days=10,
        )
    with pytest.raises(ApplicationError):
        services.service_level_set(
            actor=demo_users["renkei.admin"],
            agreement=agreements["LA"],
            exchange_type="inquiry",
            acknowledge_days=0,
            answer_days=10,
        )


@pytest.mark.parametrize(
    "field,value",
    [("source_reliability", "Z"), ("information_accuracy", 9), ("handling_restrictions", ["leak"])],
)
def test_bad_grading_is_refused(demo_users, field, value):
    with pytest.raises(ApplicationError):
        draft(demo_users["la.contact"], **{field: value})
