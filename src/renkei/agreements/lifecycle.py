"""The life of an MOC after signature: commencement on notification (TJ §10), notice of
termination where the MOC provides for it (KG/TJ §10: six months), and the end it brings."""

from __future__ import annotations

import calendar
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.accounts.models import Side, User
from renkei.agreements.life_cycle import AGREEMENT
from renkei.agreements.models import Agreement, AgreementStatus, LifecycleEvent
from renkei.agreements.rights import require_contact_point
from renkei.agreements.scoping import agreement_get_for
from renkei.core.errors import ApplicationError, Conflict
from renkei.core.text import text_clean
from renkei.core.transitions import StateConflict, state_require, transition_run


def add_months(day: date, months: int) -> date:
    """`2026-12-01` + 6 → `2027-06-01`; the 31st of a month becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _text(value: str) -> str:
    return text_clean(value, "reference", label=_("The reference"), limit=200)


def commencement_record(
    *, actor: User, agreement_code: str, received_on: date, reference: str
) -> Agreement:
    """Japan records receipt, through diplomatic channels, of the partner's written notice that
    its domestic procedures are complete; the MOC is in force from that date."""
    agreement = agreement_get_for(actor, agreement_code)
    require_contact_point(actor, (Side.JP,))
    provision = agreement.provision("commencement")
    if provision is None or provision.parameters.get("rule") != "on_notification":
        raise ApplicationError(
            _("This MOC starts on signature; there is no notification to record."),
            code="not_on_notification",
        )
    state_require(AGREEMENT, agreement, "commence")
    if received_on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), code="future_date")
    last_signature = max(s.signed_on for s in agreement.signatures.all())
    if received_on < last_signature:
        raise ApplicationError(
            _("The notification cannot precede the signatures."), code="invalid_date"
        )
    reference = _text(reference)

    def change(locked: Agreement) -> None:
        LifecycleEvent.objects.create(
            agreement=locked,
            kind=LifecycleEvent.Kind.COMMENCEMENT_NOTIFIED,
            event_date=received_on,
            reference=reference,
            by_side=actor.side,
            recorded_by=actor,
        )
        locked.commenced_on = received_on

    return _agreement_transition(
        "commence",
        actor,
        agreement,
        change=change,
        summary={"commenced_on": received_on.isoformat(), "reference": reference},
    )


def _agreement_transition(name, actor, agreement, *, summary, **hooks) -> Agreement:
    return transition_run(
        AGREEMENT,
        name,
        instance=agreement,
        actor=actor,
        agreement_code=agreement.code,
        summary=(lambda _locked: summary) if isinstance(summary, dict) else summary,
        **hooks,
    )


def termination_notice_record(
    *, actor: User, agreement_code: str, notice_date: date, reference: str
) -> Agreement:
    """Either side's notice of termination; the MOC ends the provision's months later. Where the
    MOC has no such clause, only an amendment by mutual consent can end it."""
    agreement = agreement_get_for(actor, agreement_code)
    require_contact_point(actor, (Side.JP, Side.PARTNER))
    provision = agreement.provision("termination_notice")
    if provision is None:
        raise ApplicationError(
            _(
                "This MOC has no termination clause: only an amendment by the written consent of both sides can end it."
            ),
            code="termination_not_provided",
        )

    def authorize(locked: Agreement) -> None:
        if locked.end_date is not None:  # on the locked row: two notices at once make one
            raise Conflict(
                _("A notice of termination is already recorded."), code="already_noticed"
            )

    authorize(agreement)
    state_require(AGREEMENT, agreement, "notice_termination")
    if notice_date > timezone.localdate() or (
        agreement.commenced_on and notice_date < agreement.commenced_on
    ):
        raise ApplicationError(_("The notice date is not possible."), code="invalid_date")
    end = add_months(notice_date, int(provision.parameters["months"]))
    reference = _text(reference)

    def change(locked: Agreement) -> None:
        LifecycleEvent.objects.create(
            agreement=locked,
            kind=LifecycleEvent.Kind.TERMINATION_NOTICE,
            event_date=notice_date,
            reference=reference,
            by_side=actor.side,
            recorded_by=actor,
        )
        locked.end_date = end

    return _agreement_transition(
        "notice_termination",
        actor,
        agreement,
        authorize=authorize,
        change=change,
        summary={"notice_date": notice_date.isoformat(), "end_date": end.isoformat()},
    )


def framework_review_record(
    *, actor: User, agreement_code: str, held_on: date, reference: str, outcome: str
) -> LifecycleEvent:
    """A review of the cooperation framework after the programme's two-year review (§9)."""
    agreement = agreement_get_for(actor, agreement_code)
    require_contact_point(actor, (Side.JP, Side.PARTNER))
    if not agreement.provision_in_force("framework_review"):
        raise ApplicationError(
            _("This MOC does not provide for a framework review."), code="not_provided"
        )
    if held_on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), code="future_date")
    outcome = (outcome or "").strip()
    if not outcome or len(outcome) > 10000:
        raise ApplicationError(_("Give the outcome of the review."), code="required")
    reference = _text(reference)
    recorded: list[LifecycleEvent] = []

    def change(locked: Agreement) -> None:
        recorded.append(
            LifecycleEvent.objects.create(
                agreement=locked,
                kind=LifecycleEvent.Kind.FRAMEWORK_REVIEW,
                event_date=held_on,
                reference=reference,
                outcome=outcome,
                by_side=actor.side,
                recorded_by=actor,
            )
        )

    _agreement_transition(
        "review", actor, agreement, change=change, summary={"held_on": held_on.isoformat()}
    )
    return recorded[0]


def agreements_end_due(*, today: date | None = None) -> list[str]:
    """Run by `renkei worker`: an MOC past its end date becomes terminated (read-only)."""
    today = today or timezone.localdate()
    ended = []
    for agreement in Agreement.objects.filter(end_date__lte=today).exclude(
        status=AgreementStatus.TERMINATED
    ):

        def change(locked: Agreement) -> None:
            LifecycleEvent.objects.create(
                agreement=locked,
                kind=LifecycleEvent.Kind.ENDED,
                event_date=locked.end_date,
                by_side="",
            )

        try:
            _agreement_transition("end", None, agreement, change=change, summary={})
        except StateConflict:
            continue  # ended by another worker a moment ago
        ended.append(agreement.code)
    return ended
