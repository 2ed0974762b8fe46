"""Amendment by written mutual consent (KH/LA/KG §9, PK §7, TJ §9).

Either side's contact point proposes a change to the MOC's provisions; each side's contact point
records its own side's written consent; the amendment enters into force only when both are
recorded. The signed provisions stay as they are: ``Agreement.provisions_on(day)`` applies the
amendments in force by that day, so everything dated is judged against the text of its date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.accounts.models import User, side_other
from renkei.agreements.life_cycle import AMENDMENT
from renkei.agreements.models import (
    Agreement,
    AgreementStatus,
    Amendment,
    AmendmentChange,
    AmendmentConsent,
    LifecycleEvent,
)
from renkei.agreements.provisions import BY_KEY, ParameterInvalid
from renkei.agreements.rights import require_contact_point
from renkei.agreements.scoping import agreement_get_for
from renkei.audit.services import audit_append
from renkei.core.errors import ApplicationError, Conflict, NotFound
from renkei.core.transitions import state_require, transition_run

# The start has happened, and the amending clause governs amending itself: neither is amended.
NOT_AMENDABLE = frozenset({"commencement", "amendment_by_consent"})
MAX_CHANGES = 20


def _require_open(agreement: Agreement) -> None:
    today = timezone.localdate()
    if agreement.status == AgreementStatus.TERMINATED or (
        agreement.end_date is not None and today >= agreement.end_date
    ):
        raise ApplicationError(_("This MOC has ended: it is read-only."), code="agreement_ended")


def _bad_change(message: str, index: int) -> ApplicationError:
    return ApplicationError(
        _("Change %(number)d: %(message)s") % {"number": index + 1, "message": message},
        code="invalid_change",
        details={"change": index + 1},
    )


def _parameters_clean(key: str, parameters: Any, index: int) -> dict:
    try:
        return BY_KEY[key].parameters_clean(parameters)
    except ParameterInvalid as exc:
        raise _bad_change(str(exc), index) from exc


def _changes_clean(agreement: Agreement, changes: list[dict], on: date) -> list[dict]:
    """Each change checked against the provisions that will be in force when it takes effect."""
    if not isinstance(changes, list) or len(changes) > MAX_CHANGES:
        raise ApplicationError(
            _("An amendment makes at most %(max)d changes.") % {"max": MAX_CHANGES},
            code="too_many_changes",
        )
    present = {p.key for p in agreement.provisions_on(on)}
    seen: set[str] = set()
    cleaned = []
    for index, change in enumerate(changes):
        if not isinstance(change, dict):
            raise _bad_change(_("a change names a provision key and what happens to it."), index)
        key, action = change.get("key"), change.get("action")
        if key not in BY_KEY:
            raise _bad_change(_("unknown provision key."), index)
        if key in NOT_AMENDABLE:
            raise _bad_change(_("this provision cannot be amended."), index)
        if key in seen:
            raise _bad_change(_("the same provision appears twice."), index)
        seen.add(key)
        if action not in AmendmentChange.Action.values:
            raise _bad_change(_("the change is add, replace or remove."), index)
        if action == "add" and key in present:
            raise _bad_change(_("the MOC already has this provision; replace it."), index)
        if action in ("replace", "remove") and key not in present:
            raise _bad_change(_("the MOC has no such provision to change."), index)
        if action == "remove":
            cleaned.append(
                {"key": key, "action": action, "clause": "", "text": "", "parameters": {}}
            )
            continue
        clause = str(change.get("clause") or "").strip()
        text = str(change.get("text") or "").strip()
        if not clause or len(clause) > 40:
            raise _bad_change(_("give the clause reference (up to 40 characters)."), index)
        if not text or len(text) > 10000:
            raise _bad_change(_("give the clause text (up to 10,000 characters)."), index)
        parameters = _parameters_clean(key, change.get("parameters") or {}, index)
        cleaned.append(
            {"key": key, "action": action, "clause": clause, "text": text, "parameters": parameters}
        )
    return cleaned


def _proposal_check(
    summary: str,
    changes: list[dict],
    effective_on: date | None,
    ends_agreement_on: date | None,
    today: date,
) -> str:
    """A proposal says what it does, takes effect today or later, ends the MOC no earlier than
    that, and changes something. Returns the summary as it is kept."""
    summary = (summary or "").strip()
    if not summary or len(summary) > 5000:
        raise ApplicationError(
            _("Say what the amendment does (up to 5,000 characters)."), code="required"
        )
    if effective_on is not None and effective_on < today:
        raise ApplicationError(
            _("An amendment cannot take effect in the past."), code="invalid_date"
        )
    if ends_agreement_on is not None and ends_agreement_on < (effective_on or today):
        raise ApplicationError(
            _("The MOC cannot end before the amendment takes effect."), code="invalid_date"
        )
    if not changes and ends_agreement_on is None:
        raise ApplicationError(
            _("An amendment changes at least one provision or ends the MOC."), code="no_changes"
        )
    return summary


def amendment_propose(
    *,
    actor: User,
    agreement_code: str,
    summary: str,
    changes: list[dict],
    effective_on: date | None = None,
    ends_agreement_on: date | None = None,
) -> Amendment:
    """A proposed amendment: it changes nothing until both sides' written consent is recorded."""
    agreement = agreement_get_for(actor, agreement_code)
    require_contact_point(actor)
    _require_open(agreement)
    today = timezone.localdate()
    if not agreement.provision_in_force("amendment_by_consent", today):
        raise ApplicationError(_("This MOC does not provide for amendment."), code="not_provided")
    summary = _proposal_check(summary, changes, effective_on, ends_agreement_on, today)
    cleaned = _changes_clean(agreement, changes, effective_on or today)
    with transaction.atomic():
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        last = agreement.amendments.aggregate(last=Max("number"))["last"] or 0
        amendment = Amendment.objects.create(
            agreement=agreement,
            number=last + 1,
            summary=summary,
            proposed_by_side=actor.side,
            proposed_by=actor,
            proposed_on=today,
            effective_on=effective_on,
            ends_agreement_on=ends_agreement_on,
        )
        AmendmentChange.objects.bulk_create(
            AmendmentChange(amendment=amendment, **change) for change in cleaned
        )
        audit_append(
            actor=actor,
            action="agreement.amendment_proposed",
            target=amendment,
            agreement_code=agreement.code,
            after={
                "status": amendment.status,
                "number": amendment.number,
                "effective_on": effective_on.isoformat() if effective_on else None,
                "ends_agreement_on": ends_agreement_on.isoformat() if ends_agreement_on else None,
                "changes": [{"key": c["key"], "action": c["action"]} for c in cleaned],
            },
        )
    return amendment


def _amendment_get(agreement: Agreement, number: int) -> Amendment:
    amendment = (
        Amendment.objects.filter(agreement=agreement, number=number)
        .prefetch_related("changes", "consents")
        .first()
    )
    if amendment is None:
        raise NotFound()
    return amendment


def _in_force_once_both_consent(
    actor: User, agreement: Agreement, locked: Amendment, today: date
) -> None:
    """After one side's consent: with the other side's already recorded, the amendment enters
    into force on its date, checked again against the provisions in force by then."""
    if not locked.consents.filter(side=side_other(actor.side)).exists():
        return
    effective = locked.effective_on or today
    if effective < today:
        raise ApplicationError(
            _(
                "The proposed date of effect has passed; withdraw this amendment and propose it again with a new date."
            ),
            code="effective_date_passed",
        )
    # Another amendment may have entered into force since this one was proposed.
    _changes_clean(agreement, _as_change_dicts(locked), effective)
    _enter_into_force(actor, agreement, locked, effective)


def amendment_consent_record(
    *, actor: User, agreement_code: str, number: int, consented_on: date, reference: str
) -> Amendment:
    """The actor's side's written consent. The second consent puts the amendment in force."""
    agreement = agreement_get_for(actor, agreement_code)
    require_contact_point(actor)
    _require_open(agreement)
    amendment = _amendment_get(agreement, number)
    today = timezone.localdate()
    state_require(AMENDMENT, amendment, "consent")
    if consented_on > today or consented_on < amendment.proposed_on:
        raise ApplicationError(
            _("The consent must be dated between the proposal and today."), code="invalid_date"
        )
    reference = (reference or "").strip()
    if not reference or len(reference) > 200:
        raise ApplicationError(_("Give the reference (1 to 200 characters)."), code="required")

    def authorize(locked: Amendment) -> None:
        # Read under the lock: both sides consenting at once must put it in force exactly once.
        if locked.consents.filter(side=actor.side).exists():
            raise Conflict(_("Your side's consent is already recorded."), code="already_consented")

    def change(locked: Amendment) -> None:
        AmendmentConsent.objects.create(
            amendment=locked,
            side=actor.side,
            consented_on=consented_on,
            reference=reference,
            recorded_by=actor,
        )

    transition_run(
        AMENDMENT,
        "consent",
        instance=amendment,
        actor=actor,
        lock_first=[agreement],
        authorize=authorize,
        change=change,
        then=lambda locked: _in_force_once_both_consent(actor, agreement, locked, today),
        agreement_code=agreement.code,
        summary=lambda locked: {
            "number": locked.number,
            "side": actor.side,
            "reference": reference,
        },
    )
    return _amendment_get(agreement, number)


def _as_change_dicts(amendment: Amendment) -> list[dict]:
    return [
        {
            "key": c.key,
            "action": c.action,
            "clause": c.clause,
            "text": c.text,
            "parameters": c.parameters,
        }
        for c in amendment.changes.all()
    ]


def _enter_into_force(
    actor: User, agreement: Agreement, amendment: Amendment, effective: date
) -> None:
    def change(locked: Amendment) -> None:
        locked.effective_on = effective
        # The caller's agreement may be older than the lock its transaction holds on it.
        agreement.refresh_from_db(fields=["amendments_in_force", "end_date"])
        agreement.amendments_in_force = (
            agreement.amendments.filter(status=Amendment.Status.IN_FORCE).count() + 1
        )
        fields = ["amendments_in_force"]
        if locked.ends_agreement_on is not None and (
            agreement.end_date is None or locked.ends_agreement_on < agreement.end_date
        ):
            agreement.end_date = locked.ends_agreement_on
            fields.append("end_date")
        agreement.save(update_fields=fields)
        agreement.__dict__.pop("_provision_cache", None)
        LifecycleEvent.objects.create(
            agreement=agreement,
            kind=LifecycleEvent.Kind.AMENDMENT_IN_FORCE,
            event_date=effective,
            reference=_("Amendment No. %(number)d") % {"number": locked.number},
            by_side="",
            recorded_by=actor,
        )

    transition_run(
        AMENDMENT,
        "enter_into_force",
        instance=amendment,
        actor=actor,
        change=change,
        agreement_code=agreement.code,
        summary=lambda locked: {
            "number": locked.number,
            "effective_on": effective.isoformat(),
            "end_date": agreement.end_date.isoformat() if agreement.end_date else None,
        },
    )


def amendment_withdraw(*, actor: User, agreement_code: str, number: int, reason: str) -> Amendment:
    """The proposing side withdraws its proposal, or the other side declines it."""
    agreement = agreement_get_for(actor, agreement_code)
    require_contact_point(actor)
    amendment = _amendment_get(agreement, number)
    withdrawn = actor.side == amendment.proposed_by_side
    name = "withdraw" if withdrawn else "decline"
    state_require(AMENDMENT, amendment, name)
    reason = (reason or "").strip()
    if not reason or len(reason) > 2000:
        raise ApplicationError(_("Give the reason (up to 2,000 characters)."), code="required")

    def change(locked: Amendment) -> None:
        locked.closed_reason = reason

    return transition_run(
        AMENDMENT,
        name,
        instance=amendment,
        actor=actor,
        lock_first=[agreement],
        change=change,
        agreement_code=agreement.code,
        summary=lambda locked: {"number": locked.number, "reason": reason},
    )


def amendment_list_for(*, actor: User, agreement_code: str) -> list[Amendment]:
    agreement = agreement_get_for(actor, agreement_code)
    return list(
        agreement.amendments.select_related("proposed_by").prefetch_related("changes", "consents")
    )


def amendments_in_force(agreement: Agreement, on: date | None = None) -> list[Amendment]:
    """Public: the amendments in force by ``on`` (the texts of an MOC in force are public)."""
    queryset = agreement.amendments.filter(status=Amendment.Status.IN_FORCE)
    if on is not None:
        queryset = queryset.filter(effective_on__lte=on)
    return list(queryset.prefetch_related("changes").order_by("effective_on", "number"))
