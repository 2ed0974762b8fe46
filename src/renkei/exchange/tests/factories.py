"""Exchanges made through the services, as users would make them."""

from renkei.exchange import services

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
