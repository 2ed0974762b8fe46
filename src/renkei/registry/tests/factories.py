from datetime import date

from renkei.registry import services


def organisation(actor, code="LA", licence="LA-SO-001", **fields):
    defaults = {
        "name_original": "ບໍລິສັດ ສົ່ງອອກແຮງງານ ຈຳກັດ",
        "name_latin": "Lao Manpower Export Co., Ltd.",
        "name_ja": "ラオ人材送出株式会社",
        "address": "Vientiane",
        "representative": "Somchai Phommavong",
        "officers": ["Bounmy Keo"],
    }
    defaults.update(fields)
    return services.sending_org_create(
        actor=actor, agreement_code=code, licence_number=licence, **defaults
    )


def accredited(
    actor, code="LA", licence="LA-SO-001", on=date(2025, 1, 10), until=date(2028, 1, 9), **fields
):
    org = organisation(actor, code, licence, **fields)
    services.accreditation_record(actor=actor, organisation=org, kind="applied", effective_date=on)
    services.accreditation_record(
        actor=actor, organisation=org, kind="accredited", effective_date=on, valid_until=until
    )
    return org


KH_SENDER = "KH-SO-001"


def kh_sender(actor, licence=KH_SENDER):
    """Cambodia sends candidates only through accredited organisations (KH §5(2)): one
    accredited since 2020, for certificates to name."""
    return accredited(actor, "KH", licence, on=date(2020, 1, 6), until=date(2032, 1, 5))
