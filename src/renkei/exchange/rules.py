"""Which exchange type each MOC allows, and how its deadlines bind: asked of the agreement's
provisions, never of the country."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from renkei.agreements.models import Agreement
from renkei.exchange.models import ExchangeType


@dataclass(frozen=True)
class TypeRule:
    provision: str  # the provision that must be present
    originating_sides: tuple[str, ...]  # who may start one
    expects_answer: bool
    binding_provision: str | None  # where present, the answer deadline binds


TYPE_RULES: dict[str, TypeRule] = {
    # §4(1): either side shares necessary or useful information, broker misconduct (a)–(e).
    ExchangeType.MISCONDUCT_REPORT: TypeRule("information_sharing", ("jp", "partner"), True, None),
    # §5 / KH §7: exam fraud is shared "in accordance with" §4(1).
    ExchangeType.EXAM_FRAUD_REPORT: TypeRule("exam_cooperation", ("jp", "partner"), True, None),
    # Inquiries ride on information sharing everywhere; the `inquiries` clause makes answers due.
    ExchangeType.INQUIRY: TypeRule("information_sharing", ("jp", "partner"), True, "inquiries"),
    # LA/KG/TJ §7(3), KH §5(5): Japan notifies, the partner investigates and reports the result.
    ExchangeType.REFERRAL: TypeRule(
        "investigation_on_notice", ("jp",), True, "investigation_on_notice"
    ),
    ExchangeType.NOTICE: TypeRule("information_sharing", ("jp", "partner"), False, None),
    # KH/KG/TJ §8, PK §6: the partner, with its embassy, issues temporary passports on request.
    ExchangeType.RETURN_REQUEST: TypeRule(
        "return_cooperation", ("jp",), True, "return_cooperation"
    ),
}

DEFAULT_ACKNOWLEDGE_DAYS = 3
DEFAULT_ANSWER_DAYS = 30


def type_allowed(agreement: Agreement, exchange_type: str, on: date | None = None) -> bool:
    rule = TYPE_RULES.get(exchange_type)
    return rule is not None and agreement.has_provision(rule.provision, on)


def types_allowed(agreement: Agreement, side: str) -> list[str]:
    return [
        t
        for t, rule in TYPE_RULES.items()
        if type_allowed(agreement, t) and side in rule.originating_sides
    ]


def misconduct_categories(agreement: Agreement) -> list[str]:
    provision = agreement.provision("information_sharing")
    return list(provision.parameters.get("misconduct_categories", [])) if provision else []


def answer_deadline_binds(agreement: Agreement, exchange_type: str, on: date | None = None) -> bool:
    rule = TYPE_RULES[exchange_type]
    return rule.binding_provision is not None and agreement.has_provision(
        rule.binding_provision, on
    )


def confidentiality_scope(agreement: Agreement, on: date | None = None) -> str:
    provision = agreement.provision("confidentiality", on)
    return provision.parameters.get("scope", "anyone") if provision else "anyone"
