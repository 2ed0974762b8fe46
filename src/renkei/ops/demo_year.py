"""A living year for the demo: every agreement's registers, exchanges in every state,
consultations with minutes and actions, an improvement order, the support list and screening
hits to review — made through the services, as officers would make them.

Deterministic (one seeded generator per agreement, dates counted back from today) and
idempotent: an agreement whose demo year exists is left as it is. Every organisation and person
is fictional and says so in its name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from renkei.accounts.models import Side, User
from renkei.agreements.models import Agreement
from renkei.consultations import services as consultations
from renkei.consultations.models import Meeting
from renkei.exchange import services as exchanges
from renkei.exchange.kinds import inquiry, kinds_allowed, misconduct_report, notice, referral
from renkei.exchange.models import Exchange
from renkei.registry import services as registry
from renkei.registry.models import ImprovementOrder, ReceivingOrganisation, SendingOrganisation
from renkei.registry.support_list import support_org_list_share, support_orgs_import

FICTIONAL = " (fictional)"
FICTIONAL_JA = "（架空）"
# Names are drawn from these pairs, so the partners' lists rarely share one: a name two
# registers share is a screening hit, and the demo should hold a few of those, not hundreds.
ADJECTIVES = (
    "Golden", "Blue", "Silver", "Green", "Bright", "Grand", "Royal", "Eastern", "Northern",
    "Pacific", "Morning", "Jade",
)  # fmt: skip
NOUNS = (
    "Lotus", "River", "Bridge", "Star", "Valley", "Lantern", "Orchid", "Harmony", "Skyline",
    "Bamboo", "Crane", "Horizon",
)  # fmt: skip
STEMS = tuple(f"{adjective} {noun}" for adjective in ADJECTIVES for noun in NOUNS)


@dataclass
class Cast:
    """The demo accounts that act in every agreement's year."""

    isa: User
    publisher: User
    partner: User

    @classmethod
    def for_agreement(cls, agreement: Agreement) -> Cast:
        users = User.objects.filter(is_demo=True)
        return cls(
            isa=users.get(username="isa.contact"),
            publisher=users.get(username="isa.publisher"),
            partner=users.get(username=f"{agreement.code.lower()}.contact"),
        )


def demo_year_seed(today: date | None = None) -> list[str]:
    """Build the year for each agreement in force that has none yet; returns their codes."""
    today = today or timezone.localdate()
    built = []
    for agreement in Agreement.objects.order_by("code"):
        if not agreement.in_force_on(today) or _has_year(agreement):
            continue
        rng = random.Random(f"renkei-demo-{agreement.code}")  # noqa: S311 (repeatable, not secret)
        cast = Cast.for_agreement(agreement)
        with transaction.atomic():
            organisations = _sending_organisations(agreement, cast, rng, today)
            _notices_acknowledged_over_the_year(agreement, cast)
            _exchanges(agreement, cast, rng, organisations)
            _consultations(agreement, cast, today)
        built.append(agreement.code)
    if built:
        _japans_registers(today)
    return built


def _has_year(agreement: Agreement) -> bool:
    return (
        SendingOrganisation.objects.filter(
            agreement=agreement, name_latin__endswith=FICTIONAL
        ).exists()
        or Exchange.objects.filter(agreement=agreement, created_by__is_demo=True).exists()
    )


def _sending_organisations(
    agreement: Agreement, cast: Cast, rng: random.Random, today: date
) -> list[SendingOrganisation]:
    """Fourteen for the partner that publishes a list: nine accredited and published, one under
    investigation, one suspended, two revoked, one still applying."""
    if not agreement.provision_in_force("sending_org_accreditation"):
        return []
    stems = rng.sample(STEMS, 14)
    fates = ["accredited"] * 9 + ["investigated", "suspended", "revoked", "revoked", "applied"]
    organisations = []
    for number, (stem, fate) in enumerate(zip(stems, fates, strict=True), start=1):
        organisation = registry.sending_org_create(
            actor=cast.partner,
            agreement_code=agreement.code,
            name_original=f"{stem} Manpower Co., Ltd.",
            name_latin=f"{stem} Manpower Co., Ltd.{FICTIONAL}",
            name_ja=f"{stem}人材{FICTIONAL_JA}",
            licence_number=f"{agreement.code}-DEMO-{number:03d}",
            address=f"{number} Demo Street, {agreement.country_en}",
            representative=f"{stem} Director{FICTIONAL}",
        )
        _accreditation_history(organisation, fate, cast, today - timedelta(days=350 - 20 * number))
        organisations.append(organisation)
    return organisations


def _accreditation_history(organisation, fate: str, cast: Cast, applied_on: date) -> None:
    def record(kind: str, on: date, **extra):
        event = registry.accreditation_record(
            actor=cast.partner, organisation=organisation, kind=kind, effective_date=on, **extra
        )
        if kind in ("accredited", "revoked"):
            registry.accreditation_approve(actor=cast.partner, event=event)

    record("applied", applied_on)
    if fate == "applied":
        return
    accredited_on = applied_on + timedelta(days=14)
    record("accredited", accredited_on, valid_until=accredited_on + timedelta(days=3 * 365))
    later = accredited_on + timedelta(days=30)
    if fate == "investigated":
        record("under_investigation", later, reason="Japan's referral under §7(3).")
    elif fate == "suspended":
        record("suspended", later, reason="Fees charged without a breakdown (§4(1)(e)).")
    elif fate == "revoked":
        record("revoked", later, reason="Deposits taken from candidates (§4(1)(a)).")


def _notices_acknowledged_over_the_year(agreement: Agreement, cast: Cast) -> None:
    """The partner's accreditation notices, sent as the events happened through the year and
    acknowledged by Japan within two days, the last three still waiting (see _make_overdue on
    dating the demo back)."""
    notices = list(
        Exchange.objects.filter(
            agreement=agreement, exchange_type=notice.KIND.key, status="sent"
        ).order_by("pk")
    )
    for position, sent_notice in enumerate(notices):
        waiting = position >= len(notices) - 3
        if not waiting:
            exchanges.exchange_acknowledge(actor=cast.isa, exchange=sent_notice)
        # Spread over the year; the three still waiting came in yesterday, due in two days.
        days_ago = 1 if waiting else 330 * (len(notices) - position) / len(notices)
        sent_at = timezone.now() - timedelta(days=days_ago)
        acknowledged = (
            {}
            if waiting
            else {"acknowledged_at": sent_at + timedelta(days=2), "hours_to_acknowledge": 48.0}
        )
        Exchange.objects.filter(pk=sent_notice.pk).update(
            created_at=sent_at,
            sent_at=sent_at,
            acknowledge_due_at=sent_at + timedelta(days=3),
            **acknowledged,
        )


def _exchanges(agreement: Agreement, cast: Cast, rng: random.Random, organisations: list) -> None:
    """From the partner: reports of misconduct, one answered and accepted, one overdue. From
    Japan: inquiries in Japanese with their English, one answered, one awaiting; a referral;
    a draft on each side; consent asked, given and a disclosure recorded."""
    partner_kinds = {kind.key for kind in kinds_allowed(agreement, Side.PARTNER)}
    japan_kinds = {kind.key for kind in kinds_allowed(agreement, Side.JP)}
    if misconduct_report.KIND.key in partner_kinds:
        named = organisations[0].name_latin.replace(FICTIONAL, "") if organisations else None
        # The first two name an accredited organisation: a screening hit for the examiners.
        reports = [
            _report(agreement, cast, rng, named if number <= 2 else None, number)
            for number in range(1, 5)
        ]
        _answer(cast.isa, reports[0], "地方出入国在留管理局が受入機関を調査中です。",
                "The Regional Immigration Bureau is investigating the receiving organisation.")  # fmt: skip
        exchanges.exchange_accept(actor=cast.partner, exchange=reports[0])
        exchanges.exchange_acknowledge(actor=cast.isa, exchange=reports[1])
        _make_overdue(reports[2])
        _consent_given_and_disclosed(agreement, cast, reports[1])
    if inquiry.KIND.key in japan_kinds:
        asked = [_inquiry(agreement, cast, number) for number in range(1, 4)]
        _answer(cast.partner, asked[0], None, "The organisation is accredited until 2028.")
        _make_overdue(asked[2])
        exchanges.exchange_create(
            actor=cast.isa,
            agreement_code=agreement.code,
            exchange_type=inquiry.KIND.key,
            subject="（下書き）送出機関の手数料について",
            body="確認中。",
        )
    if referral.KIND.key in japan_kinds and organisations:
        _referral(agreement, cast, organisations[9])


def _report(agreement: Agreement, cast: Cast, rng: random.Random, named, number: int):
    intermediary = named or f"{rng.choice(STEMS)} Recruitment"
    return _sent(
        exchanges.exchange_create(
            actor=cast.partner,
            agreement_code=agreement.code,
            exchange_type=misconduct_report.KIND.key,
            subject=f"Deposits taken by {intermediary}{FICTIONAL} ({number})",
            body=f"{rng.randint(3, 20)} candidates paid a 'guarantee' of USD "
            f"{rng.randint(5, 25) * 100:,} each before departure. Receipts attached to our file.",
            language="en",
            details={
                "intermediaries": [
                    {
                        "kind": "corporation",
                        "country": agreement.code,
                        "names": [intermediary],
                        "identifiers": [],
                    }
                ],
                "categories": ["a"],
                "workers_affected": rng.randint(3, 20),
            },
            source_reliability="B",
            information_accuracy=2,
        ),
        cast.partner,
    )


def _inquiry(agreement: Agreement, cast: Cast, number: int):
    return _sent(
        exchanges.exchange_create(
            actor=cast.isa,
            agreement_code=agreement.code,
            exchange_type=inquiry.KIND.key,
            subject=f"送出機関の認定状況の照会（{number}）",
            body="申請書に記載された送出機関が認定を受けているか御教示ください。",
            language="ja",
            translations={
                "en": {
                    "subject": f"Inquiry on a sending organisation's accreditation ({number})",
                    "body": "Please tell us whether the sending organisation named in an "
                    "application is accredited.",
                }
            },
        ),
        cast.isa,
    )


def _referral(agreement: Agreement, cast: Cast, organisation: SendingOrganisation) -> None:
    _sent(
        exchanges.exchange_create(
            actor=cast.isa,
            agreement_code=agreement.code,
            exchange_type=referral.KIND.key,
            subject=f"調査依頼：{organisation.name_ja}",
            body="受入機関からの申告によれば、当該送出機関が出国前に費用を二重に徴収した疑いがある。",
            language="ja",
            translations={
                "en": {
                    "subject": f"Referral: {organisation.name_latin}",
                    "body": "A receiving organisation reports that this sending organisation may "
                    "have charged candidates twice before departure.",
                }
            },
            details={
                "sending_organisation_name": organisation.name_latin,
                "licence_number": organisation.licence_number,
            },
        ),
        cast.isa,
    )


def _sent(exchange: Exchange, actor: User) -> Exchange:
    return exchanges.exchange_send(actor=actor, exchange=exchange)


def _answer(actor: User, exchange: Exchange, japanese: str | None, english: str) -> None:
    if japanese:
        exchanges.exchange_reply(
            actor=actor,
            exchange=exchange,
            body=japanese,
            language="ja",
            translations={"en": {"body": english}},
            is_answer=True,
        )
    else:
        exchanges.exchange_reply(
            actor=actor, exchange=exchange, body=english, language="en", is_answer=True
        )
    exchange.refresh_from_db()


def _make_overdue(exchange: Exchange) -> None:
    # The demo's year is drawn by dating a few records back; the ledger keeps the day they were
    # made. Here: sent three weeks ago, so its acknowledgement is late.
    sent_at = timezone.now() - timedelta(days=21)
    Exchange.objects.filter(pk=exchange.pk).update(
        created_at=sent_at,
        sent_at=sent_at,
        acknowledge_due_at=sent_at + timedelta(days=7),
        answer_due_at=sent_at + timedelta(days=14) if exchange.answer_due_at else None,
    )


def _consent_given_and_disclosed(agreement: Agreement, cast: Cast, report: Exchange) -> None:
    recipient = {
        "recipient_kind": "agency",
        "recipient_name": "Regional Labour Bureau (fictional)",
        "purpose": "Labour inspection of the receiving organisation",
    }
    request = exchanges.consent_request_create(actor=cast.isa, exchange=report, **recipient)
    exchanges.consent_record(
        actor=cast.partner,
        exchange=report,
        reference_number=f"{agreement.partner_ministry_abbr or agreement.code}/DEMO/1",
        consent_date=timezone.localdate(),
        request=request,
        **recipient,
    )
    exchanges.disclosure_record(
        actor=cast.isa, exchange=report, parts="The facts and the intermediary's name.", **recipient
    )


def _consultations(agreement: Agreement, cast: Cast, today: date) -> None:
    """One held last quarter, with minutes in both languages and its actions (one overdue);
    one proposed by Japan for next month, awaiting the partner's answer."""
    kinds = consultations.meeting_kinds_provided(agreement)
    if not kinds:
        return
    kind = kinds[0][0]
    held = consultations.meeting_propose(
        language="en",
        actor=cast.isa,
        agreement_code=agreement.code,
        kind=kind,
        starts_at=timezone.now() + timedelta(hours=2),
        place="Video conference",
        agenda=[("a", "Policy changes in the coming fiscal year"), ("b", "Intermediaries")],
    )
    consultations.meeting_answer(actor=cast.partner, meeting=held, accept=True)
    # Held last quarter (see _make_overdue on dating the demo back).
    Meeting.objects.filter(pk=held.pk).update(starts_at=_at(today - timedelta(days=75), 10))
    held.refresh_from_db()
    consultations.minutes_write(
        actor=cast.isa,
        meeting=held,
        minutes_ja="両国は仲介機関に関する情報共有を強化することを確認した。",
        minutes_en="Both sides confirmed they will share information on intermediaries sooner.",
    )
    for actor in (cast.isa, cast.partner):
        held.refresh_from_db()
        consultations.minutes_approve(actor=actor, meeting=held)
    held.refresh_from_db()
    for description, side, due in (
        ("Share the list of revoked sending organisations", Side.PARTNER, today - timedelta(3)),
        ("Send the updated support-organisation list", Side.JP, today + timedelta(days=30)),
    ):
        consultations.action_add(
            language="en",
            actor=cast.isa,
            meeting=held,
            description=description,
            owner_side=side,
            due_on=due,
        )
    consultations.meeting_propose(
        language="en",
        actor=cast.isa,
        agreement_code=agreement.code,
        kind=kind,
        starts_at=_at(today + timedelta(days=30), 10),
        place="Video conference",
        agenda=[("d", "Fraud in the skills and Japanese-language tests")],
    )


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _japans_registers(today: date) -> None:
    """Japan's side, once: a receiving organisation under an improvement order notified to
    every partner whose MOC provides for it, published; the support list imported and shared."""
    if ReceivingOrganisation.objects.filter(name__endswith=FICTIONAL_JA).exists():
        return
    users = User.objects.filter(is_demo=True)
    isa, publisher = users.get(username="isa.contact"), users.get(username="isa.publisher")
    receiving = registry.receiving_org_register(
        actor=isa,
        corporate_number=_corporate_number("123456789012"),
        name=f"さくら食品加工株式会社{FICTIONAL_JA}",
        address="東京都千代田区（架空）",
    )
    partners = [
        a.code
        for a in Agreement.objects.order_by("code")
        if a.in_force_on(today)
        and (p := a.provision("improvement_order_notice")) is not None
        and "receiving_organisation" in p.parameters.get("targets", [])
    ]
    if partners:
        order = registry.improvement_order_record(
            actor=isa,
            target_kind="receiving_organisation",
            issued_on=today - timedelta(days=40),
            legal_basis="出入国管理及び難民認定法第19条の21 / Immigration Control Act, Art. 19-21",
            findings="Wages below the contract; support plan not carried out.",
            language="en",
            agreement_codes=partners,
            receiving_organisation=receiving,
        )
        registry.publication_approve(
            actor=publisher, entry=ImprovementOrder.objects.get(pk=order.pk)
        )
    _support_list(isa, today)


def _support_list(isa: User, today: date) -> None:
    rows = ["登録番号,登録年月日,氏名又は名称,住所,電話番号,対応可能言語"]
    for number, stem in enumerate(STEMS[:8], start=1):
        rows.append(
            f"19登-{number:06d},2019-0{1 + number % 9}-15,{stem}支援協会{FICTIONAL_JA},"
            f"東京都（架空）,03-0000-{number:04d},英語・ラオ語"
        )
    report = support_orgs_import(
        actor=isa,
        content="\n".join(rows).encode("utf-8"),
        filename="support-organisations.csv",
        as_of=today - timedelta(days=10),
    )
    for agreement in Agreement.objects.order_by("code"):
        if agreement.in_force_on(today) and agreement.provision_in_force(
            "support_org_list_sharing"
        ):
            support_org_list_share(actor=isa, version=report.version, agreement_code=agreement.code)


def _corporate_number(base: str) -> str:
    """A valid 法人番号 for twelve digits: its check digit in front."""
    total = sum(int(base[-n]) * (1 if n % 2 else 2) for n in range(1, 13))
    return f"{9 - total % 9}{base}"
