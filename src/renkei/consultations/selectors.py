from django.db.models import Prefetch, QuerySet

from renkei.accounts.models import User
from renkei.agreements.scoping import agreement_get_for
from renkei.consultations.models import Action, AgendaItem, Meeting
from renkei.core.errors import NotFound
from renkei.exchange.services import can_work_on_exchanges, embassy_only


def _may_see(actor: User) -> bool:
    return can_work_on_exchanges(actor) and not embassy_only(actor)


def meeting_list_for(actor: User, agreement_code: str) -> QuerySet[Meeting]:
    agreement = agreement_get_for(actor, agreement_code)
    if not _may_see(actor):
        raise NotFound()
    return Meeting.objects.filter(agreement=agreement).prefetch_related(
        Prefetch(
            "agenda",
            queryset=AgendaItem.objects.select_related(
                "exchange", "sending_organisation", "improvement_order"
            ),
        ),
        "actions",
    )


def meeting_get_for(actor: User, agreement_code: str, meeting_id: int) -> Meeting:
    meeting = meeting_list_for(actor, agreement_code).filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound()
    return meeting


def open_actions_for(actor: User, agreement_code: str) -> QuerySet[Action]:
    agreement = agreement_get_for(actor, agreement_code)
    if not _may_see(actor):
        raise NotFound()
    return Action.objects.filter(
        meeting__agreement=agreement, state=Action.State.OPEN
    ).select_related("meeting")


def action_get_for(actor: User, meeting: Meeting, action_id) -> Action:
    """An action of a meeting the caller has already fetched through the scoping."""
    action = (
        Action.objects.filter(pk=action_id, meeting=meeting).first()
        if str(action_id).isdigit()
        else None
    )
    if action is None:
        raise NotFound()
    return action
