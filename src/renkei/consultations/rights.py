"""Who may act on a consultation: its acts (propose, answer, minutes, actions) are the contact
points'; reading follows the agreement's scoping."""

from __future__ import annotations

from django.utils.translation import gettext as _

from renkei.accounts.models import Role, User
from renkei.core.errors import PermissionDenied


def require_contact_point(actor: User) -> None:
    if not actor.has_role(Role.CONTACT_POINT_OFFICER):
        raise PermissionDenied(_("Only a contact point may do this."), code="not_contact_point")
