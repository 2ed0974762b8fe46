"""Exchanges made through the services, as users would make them; rows for read tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from renkei.accounts.models import User
from renkei.agreements.models import Agreement
from renkei.exchange import services
from renkei.exchange.models import Exchange, Status

MISCONDUCT_DETAILS = {
    "intermediaries": [
        {
            "kind": "corporation",
            "country": "LA",
            "names": ["ບໍລິສັດ ສົ່ງອອກແຮງງານ ຈຳກັດ", "Lao Labour Export Co., Ltd."],
            "identifiers": ["+856 20 5555 1234"],
        }
    ],
    "categories": ["a", "e"],
    "period_from": "2026-01-01",
    "period_to": "2026-06-30",
    "amounts": [{"amount": "1500.00", "currency": "USD"}],
    "workers_affected": 12,
}


def draft(actor, code="LA", exchange_type="misconduct_report", **fields):
    defaults = {
        "subject": "Deposits taken from candidates",
        "body": "Candidates were asked to pay a deposit of USD 1,500 before departure.",
        "language": "en",  # the texts above are English, the working language
        "details": MISCONDUCT_DETAILS if exchange_type == "misconduct_report" else {},
    }
    if exchange_type == "referral":
        defaults["details"] = {"sending_organisation_name": "Vientiane Manpower Co."}
    if exchange_type == "exam_fraud_report":
        defaults["details"] = {"kind": "impersonation", "exam": "jft_basic"}
    defaults.update(fields)
    return services.exchange_create(
        actor=actor, agreement_code=code, exchange_type=exchange_type, **defaults
    )


def sent(actor, code="LA", exchange_type="misconduct_report", **fields):
    return services.exchange_send(actor=actor, exchange=draft(actor, code, exchange_type, **fields))


class ExchangeRowFactory(factory.django.DjangoModelFactory):
    """A sent exchange written as a row, not through the services: for tests of reads over
    many exchanges (lists, search, tallies), where the life cycle is not the subject. The
    database's own triggers still keep the tally and the text index."""

    class Meta:
        model = Exchange

    agreement = factory.LazyFunction(lambda: Agreement.objects.get(code="LA"))
    reference = factory.Sequence(lambda n: f"LA-T-{n:07d}")
    exchange_type = "misconduct_report"
    originating_side = "partner"
    created_by = factory.LazyFunction(lambda: User.objects.get(username="la.contact"))
    status = Status.SENT
    subject = factory.Sequence(lambda n: f"Case {n}")
    body = "Written for the test."
    language = "en"
    handling_scope = "third_parties"
    search_text = factory.LazyAttribute(lambda row: f"{row.subject}\n{row.body}".casefold())
    sent_at = factory.Sequence(lambda n: timezone.now() - timedelta(minutes=n))
    created_at = factory.LazyAttribute(lambda row: row.sent_at or timezone.now())
