"""Who may act on an MOC itself (its life, its amendments) and who may read its ledger."""

from __future__ import annotations

from django.utils.translation import gettext as _

from renkei.accounts.models import PARTY_SIDES, Role, User
from renkei.core.errors import NotFound, PermissionDenied


def require_contact_point(actor: User, sides: tuple[str, ...] = PARTY_SIDES) -> None:
    """Acts on the MOC itself are a contact point's, of the given sides."""
    if actor.side not in sides or not actor.has_role(Role.CONTACT_POINT_OFFICER):
        raise PermissionDenied(_("Only a contact point may record this."), code="not_contact_point")


def require_party(actor) -> None:
    """The ledger's heads reveal only sizes and roots; still, they are for the MOCs' parties
    (not the operator, not the public): anyone else is told there is nothing here."""
    if getattr(actor, "side", "") not in PARTY_SIDES:
        raise NotFound()
