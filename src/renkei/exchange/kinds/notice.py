"""The MOCs' notices (accreditation granted or revoked, improvement orders, the support list,
suspensions, investigation results): acknowledged, not answered. The registers send theirs
through `notice_send`."""

from __future__ import annotations

from typing import Annotated

from django.http import QueryDict
from django.utils.translation import gettext_lazy
from pydantic import StringConstraints

from renkei.accounts.models import Side
from renkei.exchange.kinds.base import Kind, Strict


class NoticeDetails(Strict):
    notice_kind: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")] = "general"


def _from_post(post: QueryDict) -> dict:
    return {"notice_kind": post.get("notice_kind", "").strip() or "general"}


KIND = Kind(
    key="notice",
    label=gettext_lazy("Notice"),
    clause="§4(1), §6, §7",
    provision="information_sharing",
    originating_sides=(Side.JP, Side.PARTNER),
    expects_answer=False,
    details_model=NoticeDetails,
    form_template="exchange/kinds/notice_form.html",
    detail_template="exchange/kinds/notice_detail.html",
    details_from_post=_from_post,
)
