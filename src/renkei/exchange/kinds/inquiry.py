"""Inquiries ride on information sharing (§4(1)) everywhere; where the MOC commits both sides to
answer inquiries (KH §5(7)/§6(5), LA/KG/TJ §6(4)/§7(6)) the answer deadline binds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from renkei.accounts.models import Side
from renkei.exchange.kinds.base import Kind, Strict


class InquiryDetails(Strict):
    pass


KIND = Kind(
    key="inquiry",
    label=gettext_lazy("Inquiry"),
    clause="§4(1); binding where the MOC has the inquiries clause",
    provision="information_sharing",
    binding_provision="inquiries",
    originating_sides=(Side.JP, Side.PARTNER),
    expects_answer=True,
    details_model=InquiryDetails,
    body_label=gettext_lazy("Question"),
)
