"""The registers' question to the agreement: does its MOC provide for this register, on this
date? Refused plainly (409 `not_provided`), never answered with an empty list."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from renkei.agreements.models import Agreement
from renkei.core.errors import ApplicationError


class NotProvided(ApplicationError):
    """The MOC has no such register: said plainly, never an empty list."""

    status = 409

    def __init__(self, provision: str):
        super().__init__(
            _("This MOC does not provide for this register."),
            code="not_provided",
            details={"provision": provision},
        )


def require_provision(agreement: Agreement, key: str, on: date | None = None) -> None:
    """Refuse unless the MOC provides for ``key`` on ``on`` — a dated register entry is judged
    against the provisions in force on its date."""
    if not agreement.provision_in_force(key, on):
        raise NotProvided(key)


# The public registers, each under the provision that has it published (the revocations list
# is part of the accredited list, §7(2)/(4)).
PUBLIC_REGISTERS = (
    ("publication:sending_organisations", "accredited_list_publication"),
    ("publication:revocations", "accredited_list_publication"),
    ("publication:improvement_orders", "improvement_order_notice"),
    ("publication:support_organisations", "support_org_list_sharing"),
)


def public_registers_provided(agreement: Agreement) -> list[str]:
    """The URL names of the public registers this MOC provides for today: the pages link only
    to those, never to a register that would answer "not provided"."""
    return [name for name, key in PUBLIC_REGISTERS if agreement.provision_in_force(key)]
