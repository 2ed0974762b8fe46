"""§5 (KH §7): exams are run properly, and impersonation or forged and altered pass certificates
are shared "in accordance with" §4(1)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.http import QueryDict
from django.utils.translation import gettext_lazy
from pydantic import Field, StringConstraints

from renkei.accounts.models import Side
from renkei.exchange.kinds.base import Country, Kind, Name, Strict, post_lines, post_or_none


class Person(Strict):
    name: Name
    nationality: Country | None = None
    date_of_birth: date | None = None
    document_number: Annotated[str, StringConstraints(max_length=50)] = ""


class ExamFraudDetails(Strict):
    kind: Literal["impersonation", "forged_certificate", "altered_certificate", "other"]
    exam: Literal["sector_skills_test", "jft_basic", "jlpt", "other"]
    exam_name: Annotated[str, StringConstraints(max_length=200)] = ""
    exam_date: date | None = None
    exam_place: Annotated[str, StringConstraints(max_length=200)] = ""
    persons: list[Person] = Field(default_factory=list, max_length=50)


def _from_post(post: QueryDict) -> dict:
    return {
        "kind": post.get("fraud_kind", ""),
        "exam": post.get("exam", ""),
        "exam_name": post.get("exam_name", "").strip(),
        "exam_date": post_or_none(post.get("exam_date")),
        "exam_place": post.get("exam_place", "").strip(),
        "persons": [{"name": name} for name in post_lines(post.get("persons"))],
    }


KIND = Kind(
    key="exam_fraud_report",
    label=gettext_lazy("Exam-fraud report"),
    clause="§5 (KH §7)",
    provision="exam_cooperation",
    originating_sides=(Side.JP, Side.PARTNER),
    expects_answer=True,
    details_model=ExamFraudDetails,
    personal_details=("persons",),
    form_template="exchange/kinds/exam_fraud_report_form.html",
    detail_template="exchange/kinds/exam_fraud_report_detail.html",
    details_from_post=_from_post,
    search_names=lambda details: [p.get("name", "") for p in details.get("persons", [])],
)
