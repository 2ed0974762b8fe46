"""Who may screen names: the case-working roles of either side of an MOC."""

from __future__ import annotations

from renkei.accounts.models import EXCHANGE_ROLES, Side, User


def may_screen(actor: User | None) -> bool:
    return bool(
        actor is not None
        and actor.is_authenticated
        and actor.side in (Side.JP, Side.PARTNER)
        and actor.role_set() & EXCHANGE_ROLES
    )
