"""Consultations (§4(2)): proposed by either side, accepted by the other, minutes approved by
both contact points, decisions and corrective actions tracked to closure."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.accounts.models import PARTY_SIDES, Role, Side, User
from renkei.agreements.models import Agreement
from renkei.agreements.scoping import agreement_get_for
from renkei.audit.services import audit_append, audit_record
from renkei.consultations.life_cycle import ACTION, MEETING
from renkei.consultations.models import TOPICS, Action, AgendaItem, Meeting
from renkei.consultations.rights import require_contact_point
from renkei.core.errors import ApplicationError, PermissionDenied
from renkei.core.languages import shared_texts_clean
from renkei.core.text import text_clean
from renkei.core.transitions import state_require, transition_run
from renkei.exchange.selectors import exchange_queryset_for
from renkei.registry.identifiers import licence_key
from renkei.registry.models import ImprovementOrder, SendingOrganisation


def _text(value: str, limit: int, required: bool = True) -> str:
    return text_clean(value, "text", label=_("A text"), limit=limit, required=required)


def _in_two_languages(
    actor: User, agreement: Agreement, field: str, limit: int, language, translations
) -> dict:
    return shared_texts_clean(
        author_language=actor.preferred_language or "en",
        language=language,
        translations=translations,
        limits={field: limit},
        labels={field: _("A text")},
        working_languages=[agreement.working_language],
    )


def agenda_item_clean(
    actor: User, agreement: Agreement, item, allowed_topics, language: str | None = None
) -> dict:
    """``(topic, title)`` or ``{"topic", "title", "language", "translations", "exchange",
    "sending_organisation", "improvement_order"}``: links resolve only to what the actor may
    read in this agreement; the title carries the working language."""
    if not isinstance(item, dict):
        item = {"topic": item[0], "title": item[1]}
    topic = str(item.get("topic") or "")
    if topic not in allowed_topics:
        raise ApplicationError(
            _("Unknown topic: %(topic)s.") % {"topic": topic[:5]}, code="unknown_topic"
        )
    cleaned = {
        "topic": topic,
        "title": _text(item.get("title", ""), 300),
        **_in_two_languages(
            actor,
            agreement,
            "title",
            300,
            item.get("language") or language,
            item.get("translations"),
        ),
    }
    reference = str(item.get("exchange") or "").strip().upper()
    if reference:
        exchange = (
            exchange_queryset_for(actor)
            .filter(agreement=agreement, reference=reference)
            .exclude(status="draft")
            .first()
        )
        if exchange is None:
            raise ApplicationError(
                _("No sent exchange %(reference)s in this agreement.")
                % {"reference": reference[:30]},
                code="unknown_exchange",
            )
        cleaned["exchange"] = exchange
    licence = str(item.get("sending_organisation") or "").strip()
    if licence:
        organisation = SendingOrganisation.objects.filter(
            agreement=agreement, licence_key=licence_key(licence)
        ).first()
        if organisation is None:
            raise ApplicationError(
                _("No sending organisation with this licence number in this agreement."),
                code="unknown_sending_organisation",
            )
        cleaned["sending_organisation"] = organisation
    order_id = item.get("improvement_order")
    if order_id not in (None, ""):
        order = (
            ImprovementOrder.objects.filter(pk=order_id, agreements=agreement).first()
            if str(order_id).isdigit()
            else None
        )
        if order is None:
            raise ApplicationError(
                _("No improvement order with this number was notified under this agreement."),
                code="unknown_improvement_order",
            )
        cleaned["improvement_order"] = order
    return cleaned


# Each kind of consultation and the provision that allows it: periodic and ad-hoc ones under
# §4(2), disputes only where the MOC settles them by consultation (PK §8, KG/TJ §10).
KIND_PROVISIONS = {
    Meeting.Kind.PERIODIC: "consultations",
    Meeting.Kind.AD_HOC: "consultations",
    Meeting.Kind.DISPUTE: "dispute_consultation",
}


def meeting_kinds_provided(agreement: Agreement) -> list[tuple[str, str]]:
    """The kinds of consultation this MOC provides for today, as (value, label)."""
    return [
        (kind.value, kind.label)
        for kind in Meeting.Kind
        if agreement.provision_in_force(KIND_PROVISIONS[kind])
    ]


def meeting_propose(
    *,
    actor: User,
    agreement_code: str,
    kind: str,
    starts_at: datetime,
    place: str,
    agenda: list[tuple[str, str] | dict],
    attendees: str = "",
    language: str | None = None,
) -> Meeting:
    """``language``: the agenda titles' language where an item does not say (the author's by
    default)."""
    agreement = agreement_get_for(actor, agreement_code)
    require_contact_point(actor)
    if kind not in dict(meeting_kinds_provided(agreement)):
        raise ApplicationError(
            _("This MOC does not provide for this kind of consultation."), code="not_provided"
        )
    if not agreement.in_force_on(timezone.localdate()):
        raise ApplicationError(
            _("This MOC is not in force: nothing can be sent under it."),
            code="agreement_not_in_force",
        )
    if starts_at <= timezone.now():
        raise ApplicationError(_("A proposed meeting must be in the future."), code="past_meeting")
    allowed = (
        agreement.provision("consultations").parameters.get("topics", list(TOPICS))
        if agreement.provision("consultations")
        else list(TOPICS)
    )
    if not agenda:
        raise ApplicationError(_("Give at least one agenda item."), code="required")
    items = [agenda_item_clean(actor, agreement, item, allowed, language) for item in agenda]
    with transaction.atomic():
        meeting = Meeting.objects.create(
            agreement=agreement,
            kind=kind,
            proposed_by_side=actor.side,
            starts_at=starts_at,
            place=_text(place, 300),
            attendees=_text(attendees, 2000, required=False),
            created_by=actor,
        )
        AgendaItem.objects.bulk_create(AgendaItem(meeting=meeting, **item) for item in items)
        audit_record(
            actor,
            "consultation.proposed",
            meeting,
            meeting.agreement.code,
            starts_at=starts_at.isoformat(),
            items=len(agenda),
        )
    return meeting


def _meeting_transition(name: str, actor: User, meeting: Meeting, **hooks) -> Meeting:
    return transition_run(
        MEETING,
        name,
        instance=meeting,
        actor=actor,
        agreement_code=meeting.agreement.code,
        **hooks,
    )


def meeting_answer(*, actor: User, meeting: Meeting, accept: bool) -> Meeting:
    require_contact_point(actor)

    def authorize(locked: Meeting) -> None:
        if actor.side == locked.proposed_by_side:
            raise PermissionDenied(
                _("The other side accepts or declines a proposal."), code="wrong_side"
            )

    authorize(meeting)
    name = "accept" if accept else "decline"
    state_require(MEETING, meeting, name)
    return _meeting_transition(name, actor, meeting, authorize=authorize)


def minutes_write(*, actor: User, meeting: Meeting, minutes_ja: str, minutes_en: str) -> Meeting:
    require_contact_point(actor)
    state_require(MEETING, meeting, "write_minutes")
    minutes_ja = _text(minutes_ja, 50000)
    minutes_en = _text(minutes_en, 50000)

    def change(locked: Meeting) -> None:
        if (locked.minutes_ja, locked.minutes_en) != (minutes_ja, minutes_en):
            # A change to the text needs both approvals again.
            locked.approved_by_jp_at = locked.approved_by_partner_at = None
        locked.minutes_ja = minutes_ja
        locked.minutes_en = minutes_en

    return _meeting_transition("write_minutes", actor, meeting, change=change)


def minutes_approve(*, actor: User, meeting: Meeting) -> Meeting:
    """Each side's contact point approves; the minutes stand only with both approvals."""
    require_contact_point(actor)

    def authorize(locked: Meeting) -> None:
        if not (locked.minutes_ja and locked.minutes_en):
            raise ApplicationError(_("There are no minutes to approve."), code="no_minutes")

    authorize(meeting)
    state_require(MEETING, meeting, "approve_minutes")
    field = "approved_by_jp_at" if actor.side == Side.JP else "approved_by_partner_at"

    def change(locked: Meeting) -> None:
        if getattr(locked, field) is None:
            setattr(locked, field, timezone.now())
        if locked.approved_by_jp_at and locked.approved_by_partner_at:
            locked.state = Meeting.State.HELD

    return _meeting_transition(
        "approve_minutes",
        actor,
        meeting,
        authorize=authorize,
        change=change,
        summary=lambda locked: {"side": actor.side, "both": locked.state == Meeting.State.HELD},
    )


def action_add(
    *,
    actor: User,
    meeting: Meeting,
    description: str,
    owner_side: str,
    due_on: date,
    language: str | None = None,
    translations: dict | None = None,
) -> Action:
    require_contact_point(actor)
    state_require(MEETING, meeting, "add_action")
    if owner_side not in PARTY_SIDES:
        raise ApplicationError(
            _("The owner is the Japanese or the partner side."), code="invalid_owner"
        )
    description = _text(description, 5000)
    texts = _in_two_languages(actor, meeting.agreement, "description", 5000, language, translations)
    added: list[Action] = []

    def change(locked: Meeting) -> None:
        added.append(
            Action.objects.create(
                meeting=locked,
                description=description,
                owner_side=owner_side,
                due_on=due_on,
                **texts,
            )
        )

    def then(locked: Meeting) -> None:
        audit_append(
            actor=actor,
            action="consultation.action_opened",
            target=added[0],
            agreement_code=locked.agreement.code,
            after={"status": Action.State.OPEN, "meeting": locked.pk},
        )

    _meeting_transition(
        "add_action",
        actor,
        meeting,
        change=change,
        summary=lambda _locked: {"action": added[0].pk, "due_on": due_on.isoformat()},
        then=then,
    )
    return added[0]


def action_close(*, actor: User, action: Action) -> Action:
    def authorize(locked: Action) -> None:
        if actor.side != locked.owner_side:
            raise PermissionDenied(_("The owning side closes its action."), code="wrong_side")

    authorize(action)
    state_require(ACTION, action, "close")

    def change(locked: Action) -> None:
        locked.done_on = timezone.localdate()

    return transition_run(
        ACTION,
        "close",
        instance=action,
        actor=actor,
        authorize=authorize,
        change=change,
        agreement_code=action.meeting.agreement.code,
        summary=lambda locked: {"meeting": locked.meeting_id},
    )


def actions_remind_due(*, today: date | None = None) -> int:
    """Run by `renkei worker`: once per action, an e-mail to the owning side's contact points
    three days before the due date (or at once if it is later than that)."""
    from django.conf import settings
    from django.core.mail import send_mail

    from renkei.accounts.models import User as UserModel

    today = today or timezone.localdate()
    due = Action.objects.filter(
        state=Action.State.OPEN, reminded_at__isnull=True, due_on__lte=today + timedelta(days=3)
    ).select_related("meeting__agreement")
    sent = 0
    for action in due:
        agreement = action.meeting.agreement
        recipients = UserModel.objects.filter(
            is_active=True,
            assignments__agreement=agreement,
            unit__side=action.owner_side,
            role_grants__role=Role.CONTACT_POINT_OFFICER,
        ).exclude(email="")
        addresses = sorted({u.email for u in recipients})
        with transaction.atomic():
            action.reminded_at = timezone.now()
            action.save(update_fields=["reminded_at"])
            audit_append(
                actor=None,
                action="consultation.action_reminded",
                target=action.meeting,
                agreement_code=agreement.code,
                after={"action": action.pk},
            )
        if addresses:
            send_mail(
                f"[renkei] {agreement.code} 措置の期限 / Action due {action.due_on.isoformat()}",
                f"{action.description}\n{settings.RENKEI_SITE_URL.rstrip('/')}/work/{agreement.code}/consultations/{action.meeting.pk}/\n",
                settings.DEFAULT_FROM_EMAIL,
                addresses,
            )
            sent += 1
    return sent
