"""Who may write to the registers: a side and one of its roles, asked by every register
service before it writes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from renkei.accounts.models import Role, User
from renkei.core.errors import PermissionDenied


def require_examiner(actor: User) -> None:
    """Verification look-ups are the examiners' (審査官)."""
    if not actor.has_role(Role.EXAMINER):
        raise PermissionDenied(_("Only an examiner may verify."), code="not_examiner")


def require_side_role(actor: User, side: str, roles: tuple[str, ...]) -> None:
    if actor.side != side or not (actor.role_set() & set(roles)):
        raise PermissionDenied(_("Your side or role may not do this."), code="wrong_side_or_role")
