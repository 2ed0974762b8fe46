"""LA/KG/TJ §7(3), KH §5(5): Japan notifies a sending organisation's improper activity; the
partner investigates and reports the result, which is the referral's answer."""

from __future__ import annotations

from typing import Annotated

from django.http import QueryDict
from django.utils.translation import gettext_lazy
from pydantic import StringConstraints

from renkei.accounts.models import Side
from renkei.exchange.kinds.base import Kind, Name, Strict


class ReferralDetails(Strict):
    sending_organisation_name: Name
    licence_number: Annotated[str, StringConstraints(max_length=100)] = ""


def _from_post(post: QueryDict) -> dict:
    return {
        "sending_organisation_name": post.get("sending_organisation_name", ""),
        "licence_number": post.get("licence_number", "").strip(),
    }


KIND = Kind(
    key="referral",
    label=gettext_lazy("Referral of a sending organisation"),
    clause="§7(3) (KH §5(5))",
    provision="investigation_on_notice",
    binding_provision="investigation_on_notice",
    originating_sides=(Side.JP,),
    expects_answer=True,
    details_model=ReferralDetails,
    form_template="exchange/kinds/referral_form.html",
    detail_template="exchange/kinds/referral_detail.html",
    details_from_post=_from_post,
    search_names=lambda details: [details.get("sending_organisation_name", "")],
)
