"""The type-specific part of an exchange, validated the same way for the API and the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from renkei.exchange.models import ExchangeType

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Letter = Annotated[str, StringConstraints(pattern=r"^[a-z]$")]

# (a) money or property taken, (b) penalty contracts, (e) fees: where amounts make sense.
AMOUNT_CATEGORIES = {"a", "b", "e"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Intermediary(_Strict):
    kind: Literal["individual", "corporation"]
    country: Country
    names: list[Name] = Field(min_length=1, max_length=10)
    identifiers: list[Name] = Field(default_factory=list, max_length=10)


class Amount(_Strict):
    amount: Decimal = Field(ge=0, le=Decimal("1e12"), max_digits=15, decimal_places=2)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class MisconductDetails(_Strict):
    intermediaries: list[Intermediary] = Field(min_length=1, max_length=20)
    categories: list[Letter] = Field(min_length=1, max_length=5)
    period_from: date | None = None
    period_to: date | None = None
    amounts: list[Amount] = Field(default_factory=list, max_length=10)
    workers_affected: int | None = Field(default=None, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _coherent(self) -> MisconductDetails:
        if len(set(self.categories)) != len(self.categories):
            raise ValueError("each category letter once")
        if self.period_from and self.period_to and self.period_from > self.period_to:
            raise ValueError("the period ends before it starts")
        if self.amounts and not AMOUNT_CATEGORIES & set(self.categories):
            raise ValueError("amounts belong to categories (a), (b) or (e)")
        self.categories = sorted(self.categories)
        return self


class Person(_Strict):
    name: Name
    nationality: Country | None = None
    date_of_birth: date | None = None
    document_number: Annotated[str, StringConstraints(max_length=50)] = ""


class ExamFraudDetails(_Strict):
    kind: Literal["impersonation", "forged_certificate", "altered_certificate", "other"]
    exam: Literal["sector_skills_test", "jft_basic", "jlpt", "other"]
    exam_name: Annotated[str, StringConstraints(max_length=200)] = ""
    exam_date: date | None = None
    exam_place: Annotated[str, StringConstraints(max_length=200)] = ""
    persons: list[Person] = Field(default_factory=list, max_length=50)


class InquiryDetails(_Strict):
    pass


class ReferralDetails(_Strict):
    sending_organisation_name: Name
    licence_number: Annotated[str, StringConstraints(max_length=100)] = ""


class NoticeDetails(_Strict):
    notice_kind: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")] = "general"


class ReturnRequestDetails(_Strict):
    """JP asks the partner and its embassy for a temporary passport (KH/PK/KG/TJ §8, PK §6)."""

    person_name: Name
    nationality: Country
    date_of_birth: date | None = None
    passport_status: Literal["valid", "expired", "lost", "withheld", "none"]
    passport_number: Annotated[str, StringConstraints(max_length=20)] = ""
    ssw_level: Literal[1, 2]
    dependant: bool = False
    needed_by: date

    @model_validator(mode="after")
    def _dependants_only_for_no_2(self) -> ReturnRequestDetails:
        if self.dependant and self.ssw_level != 2:
            raise ValueError("dependants exist only for SSW No. 2")
        return self


DETAIL_MODELS: dict[str, type[_Strict]] = {
    ExchangeType.MISCONDUCT_REPORT: MisconductDetails,
    ExchangeType.EXAM_FRAUD_REPORT: ExamFraudDetails,
    ExchangeType.INQUIRY: InquiryDetails,
    ExchangeType.REFERRAL: ReferralDetails,
    ExchangeType.NOTICE: NoticeDetails,
    ExchangeType.RETURN_REQUEST: ReturnRequestDetails,
}


# The details that are about people, per kind: blocked, then erased, by the retention schedule
# (exchange/retention.py, ADR 21). Organisations' names are not personal data.
PERSONAL_DETAILS: dict[str, tuple[str, ...]] = {
    ExchangeType.MISCONDUCT_REPORT: ("intermediaries",),
    ExchangeType.EXAM_FRAUD_REPORT: ("persons",),
    ExchangeType.RETURN_REQUEST: ("person_name", "date_of_birth", "passport_number", "response"),
}
