"""Who may do what to an exchange, in one place: the services ask here before they write, the
selectors before they read, the pages before they offer a button."""

from __future__ import annotations

from django.utils.translation import gettext as _

from renkei.accounts.models import EXCHANGE_ROLES, Role, User
from renkei.core.errors import NotFound, PermissionDenied
from renkei.exchange.kinds import KINDS
from renkei.exchange.models import Exchange


def can_work_on_exchanges(actor: User) -> bool:
    return bool(actor.role_set() & (EXCHANGE_ROLES | {Role.EMBASSY_OFFICER}))


def embassy_only(actor: User) -> bool:
    """An embassy officer takes part in return cooperation only."""
    roles = actor.role_set()
    return Role.EMBASSY_OFFICER in roles and not roles & EXCHANGE_ROLES


def may_answer_for_recipient(actor: User, exchange: Exchange) -> bool:
    if actor.side != exchange.recipient_side:
        return False
    if actor.has_role(Role.CONTACT_POINT_OFFICER):
        return True
    # The partner's embassy answers the kinds it takes part in with its ministry (§8).
    kind = KINDS.get(exchange.exchange_type)
    return kind is not None and kind.embassy_answers and actor.has_role(Role.EMBASSY_OFFICER)


def require_drafter(actor: User) -> None:
    if not can_work_on_exchanges(actor):
        raise NotFound()  # examiners, publishers, administrators do not see case traffic


def require_contact_point(actor: User, exchange: Exchange, side: str) -> None:
    if actor.side != side or not actor.has_role(Role.CONTACT_POINT_OFFICER):
        raise PermissionDenied(
            _("Only the originating contact point may do this.")
            if side == exchange.originating_side
            else _("Only the receiving contact point may do this."),
            code="not_contact_point",
        )


def require_originator(actor: User):
    """For a transition: the originating contact point, checked on the locked row."""
    return lambda locked: require_contact_point(actor, locked, locked.originating_side)


def require_recipient_answers(actor: User):
    """For a transition: the receiving contact point (or the embassy, where it takes part)."""

    def authorize(locked: Exchange) -> None:
        if not may_answer_for_recipient(actor, locked):
            require_contact_point(actor, locked, locked.recipient_side)

    return authorize
