"""A kind that exists only in the tests: Japan asks the partner to confirm a document it holds
(a pass certificate, a licence). It has no template and no code anywhere else: the test that
registers it shows that a kind is one module."""

from datetime import date
from typing import Annotated

from django.utils.translation import gettext_lazy
from pydantic import Field, StringConstraints

from renkei.exchange.kinds.base import Kind, Name, Strict


class DocumentCheckDetails(Strict):
    document_number: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9-]{3,30}$")] = Field(
        title="Document number"
    )
    holder_name: Name = Field(title="Holder")
    issued_on: date | None = Field(default=None, title="Issued on")
    original_seen: bool = Field(default=False, title="Original seen")


KIND = Kind(
    key="document_check",
    label=gettext_lazy("Document check"),
    clause="§4(1)",
    provision="information_sharing",
    originating_sides=("jp",),
    expects_answer=True,
    details_model=DocumentCheckDetails,
    personal_details=("holder_name",),
    search_names=lambda details: [details.get("holder_name", "")],
)
