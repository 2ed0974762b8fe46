"""Reads for the MOC registry. The texts are public; workspace reads go through scoping."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from renkei.accounts.models import User
from renkei.agreements.models import Agreement, AgreementAssignment, Provision
from renkei.agreements.provisions import KEYS, PROVISION_KEYS
from renkei.agreements.scoping import (
    agreement_code_clean,
    agreement_get_for,
    agreements_visible_to,
)
from renkei.core.errors import NotFound

_KEY_ORDER = {key: index for index, key in enumerate(KEYS)}


def sorted_provisions(agreement: Agreement, on: date | None = None) -> list[Provision]:
    """The provisions in force on ``on`` (today by default), amendments applied."""
    return sorted(agreement.provisions_on(on), key=lambda p: _KEY_ORDER[p.key])


def agreement_list_public() -> QuerySet[Agreement]:
    return Agreement.objects.prefetch_related("signatures", "provisions").order_by("code")


def agreement_get_public(*, code: str) -> Agreement:
    code = agreement_code_clean(code)
    if code is None:
        raise NotFound()
    agreement = agreement_list_public().filter(code=code).first()
    if agreement is None:
        raise NotFound()
    return agreement


def provision_matrix() -> tuple[list[Agreement], list[dict]]:
    """Rows of the side-by-side comparison: one per provision key, a cell per agreement."""
    agreements = list(agreement_list_public())
    rows = []
    for pkey in PROVISION_KEYS:
        cells = [agreement.provision(pkey.key) for agreement in agreements]
        rows.append({"key": pkey, "cells": list(zip(agreements, cells, strict=True))})
    return agreements, rows


def workspace_get_for(*, actor: User, code: str) -> dict:
    """What an agreement's workspace shows its team: the agreement and who works in it."""
    agreement = agreement_get_for(actor, code)
    team = (
        AgreementAssignment.objects.filter(agreement=agreement, user__is_active=True)
        .select_related("user__unit")
        .prefetch_related("user__role_grants")
        .order_by("user__unit__side", "user__username")
    )
    return {"agreement": agreement, "team": [a.user for a in team]}


def workspace_list_for(*, actor: User) -> list[Agreement]:
    return list(agreements_visible_to(actor).prefetch_related("signatures", "provisions"))
