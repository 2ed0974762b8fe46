"""Who may administer: users, units, roles and reference data are the administrator's (or the
operator's at the command line)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from renkei.accounts.models import Role, User
from renkei.core.errors import PermissionDenied


def is_administrator(actor: User | None) -> bool:
    # actor None is the operator at the command line, who already holds the server.
    return actor is None or actor.is_superuser or actor.has_role(Role.ADMINISTRATOR)


def require_administrator(actor: User | None) -> None:
    if not is_administrator(actor):
        raise PermissionDenied(_("Only an administrator may do this."))
