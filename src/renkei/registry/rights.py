"""Who may write to the registers: a side and one of its roles, asked by every register
service before it writes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from renkei.accounts.models import User
from renkei.core.errors import PermissionDenied


def require_side_role(actor: User, side: str, roles: tuple[str, ...]) -> None:
    if actor.side != side or not (actor.role_set() & set(roles)):
        raise PermissionDenied(_("Your side or role may not do this."), code="wrong_side_or_role")
