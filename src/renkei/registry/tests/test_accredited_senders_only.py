"""KH §5(2): Cambodia sends workers only through accredited organisations. A candidate
certificate names the accredited organisation it is sent through, and Japan's referrals naming
an organisation that was not accredited are flagged on the register."""

from datetime import date

from renkei.registry import services
from renkei.registry.models import CandidateCertificate
from renkei.registry.tests.factories import KH_SENDER, kh_sender


def _record(actor, number, issued_on, **extra):
    return services.candidate_certificate_record(
        actor=actor,
        agreement_code="KH",
        number=number,
        candidate_name="Sok Dara",
        issued_on=issued_on,
        valid_until=date(2027, 1, 1),
        **extra,
    )


def test_cambodia_certifies_only_candidates_sent_through_accredited_organisations(demo_users):
    from renkei.core.errors import ApplicationError

    kh = demo_users["kh.contact"]
    sender = kh_sender(kh)
    services.accreditation_record(
        actor=kh, organisation=sender, kind="revoked", effective_date=date(2025, 3, 1), reason="x"
    )
    refusals = {
        "sender_required": {},
        "unknown_sending_organisation": {"sending_organisation_licence": "KH-NOPE"},
        "sender_not_accredited": {"sending_organisation_licence": KH_SENDER},
    }
    for code, extra in refusals.items():
        try:
            _record(kh, f"KH-C-{code}", date(2025, 6, 1), **extra)
        except ApplicationError as exc:
            assert exc.code == code
        else:
            raise AssertionError(f"{code}: recorded")
    assert not CandidateCertificate.objects.exists()
    # Accredited on the issue date, before the revocation: recorded, and linked.
    certificate = _record(kh, "KH-C-1", date(2025, 2, 1), sending_organisation_licence=KH_SENDER)
    assert certificate.sending_organisation == sender


def _referral(isa, code, name, licence=""):
    from renkei.exchange.tests.factories import sent

    return sent(
        isa,
        code=code,
        exchange_type="referral",
        details={"sending_organisation_name": name, "licence_number": licence},
    )


def test_referrals_naming_unaccredited_organisations_are_flagged_where_the_moc_says_so(
    demo_users, client
):
    isa, kh = demo_users["isa.contact"], demo_users["kh.contact"]
    sender = kh_sender(kh)  # accredited since 2020
    revoked = kh_sender(kh, licence="KH-SO-002")
    services.accreditation_record(
        actor=kh, organisation=revoked, kind="revoked", effective_date=date(2025, 3, 1), reason="x"
    )
    fine = _referral(isa, "KH", sender.name_original, KH_SENDER)
    named_revoked = _referral(isa, "KH", "whatever", "kh so 002")  # any width or separator
    unknown = _referral(isa, "KH", "Phnom Penh Nowhere Co.")
    client.force_login(kh)
    page = client.get("/work/KH/registry/").content.decode()
    flagged = page.split('data-testid="unaccredited-referrals"')[1].split("</ul>")[0]
    assert named_revoked.reference in flagged and unknown.reference in flagged
    assert fine.reference not in flagged
    # Laos's MOC has no such rule: its referrals are not flagged, whatever they name.
    la_referral = _referral(isa, "LA", "Nobody Co.")
    client.force_login(demo_users["la.contact"])
    la_page = client.get("/work/LA/registry/").content.decode()
    assert la_referral.reference not in la_page and "unaccredited-referrals" not in la_page
