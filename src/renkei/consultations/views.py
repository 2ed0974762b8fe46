from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.accounts.models import Side
from renkei.agreements.scoping import agreement_get_for
from renkei.consultations import selectors, services
from renkei.consultations.calendar import calendar_token
from renkei.consultations.models import TOPICS, Meeting
from renkei.core.dates import date_required
from renkei.core.errors import ApplicationError, NotFound
from renkei.core.languages import text_columns, texts_from_post
from renkei.core.pages import rows_shown
from renkei.core.views import scoped_page
from renkei.exchange.selectors import exchange_queryset_for
from renkei.registry.models import SendingOrganisation

_scoped = scoped_page


def _when(value: str) -> datetime:
    try:
        return timezone.make_aware(datetime.fromisoformat((value or "").strip()))
    except ValueError as exc:
        raise ApplicationError(_("Give the date and time."), code="invalid_date") from exc


def _texts_of(request, field: str, suffix: str = "") -> dict:
    """A text written side by side (``title_ja0``, ``title_en0``...): the original and its
    renderings, for a service that takes ``language`` and ``translations``."""
    names = {code: f"{field}_{code}{suffix}" for code, _name in settings.LANGUAGES}
    post = {code: request.POST.get(name, "") for code, name in names.items()}
    language, texts, translations = texts_from_post(
        {f"{field}_{code}": text for code, text in post.items()}, (field,), request.LANGUAGE_CODE
    )
    return {field: texts[field], "language": language, "translations": translations}


AGENDA_ROWS_MAX = 12
RELATED_OFFERED = 200  # the latest; older ones can still be typed


def _agenda_rows(request, shown: int, working_language: str) -> list[dict]:
    post = request.POST
    columns = text_columns(request.LANGUAGE_CODE, working_language)
    return [
        {
            "i": i,
            "topic": post.get(f"topic{i}", ""),
            "titles": [
                {**column, "value": post.get(f"title_{column['code']}{i}", "")}
                for column in columns
            ],
            "exchange": post.get(f"exchange{i}", ""),
            "organisation": post.get(f"organisation{i}", ""),
            "order": post.get(f"order{i}", ""),
        }
        for i in range(shown)
    ]


def _related_choices(actor, agreement) -> dict:
    """What an agenda item may point to, offered as the officer types (the service still
    checks each reference against what the officer may read)."""
    exchanges = (
        exchange_queryset_for(actor)
        .filter(agreement=agreement)
        .exclude(status="draft")
        .order_by("-sent_at")[:RELATED_OFFERED]
    )
    organisations = SendingOrganisation.objects.filter(agreement=agreement).order_by(
        "licence_number"
    )[:RELATED_OFFERED]
    return {"related_exchanges": exchanges, "related_organisations": organisations}


def _agenda_from_post(request) -> list[dict]:
    rows = [
        {
            "topic": request.POST.get(f"topic{i}", ""),
            **_texts_of(request, "title", str(i)),
            "exchange": request.POST.get(f"exchange{i}", ""),
            "sending_organisation": request.POST.get(f"organisation{i}", ""),
            "improvement_order": request.POST.get(f"order{i}", ""),
        }
        for i in range(AGENDA_ROWS_MAX)
    ]
    return [row for row in rows if row["title"] or row["translations"]]


@_scoped
def meeting_list(request, code: str):
    agreement = agreement_get_for(request.user, code)
    meetings = list(selectors.meeting_list_for(request.user, code))
    error = None
    shown = rows_shown(request.POST, "rows", AGENDA_ROWS_MAX)
    if request.method == "POST" and "more" not in request.POST:
        agenda = _agenda_from_post(request)
        try:
            meeting = services.meeting_propose(
                actor=request.user,
                agreement_code=code,
                kind=request.POST.get("kind", ""),
                starts_at=_when(request.POST.get("starts_at")),
                place=request.POST.get("place", ""),
                attendees=request.POST.get("attendees", ""),
                agenda=agenda,
            )
            messages.success(request, _("Consultation proposed."))
            return redirect("consultations:detail", agreement.code, meeting.pk)
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise
            error = exc
    now = timezone.now()
    past = [m for m in meetings if m.starts_at <= now and m.state != Meeting.State.DECLINED]
    upcoming = [m for m in meetings if m.starts_at > now and m.state != Meeting.State.DECLINED]
    return render(
        request,
        "consultations/list.html",
        {
            "agreement": agreement,
            "meetings": meetings,
            "last": past[0] if past else None,
            "next": upcoming[-1] if upcoming else None,
            "actions": selectors.open_actions_for(request.user, code),
            "topics": TOPICS.items(),
            "kinds": services.meeting_kinds_provided(agreement),
            "error": error,
            "post": request.POST,
            "agenda_rows": _agenda_rows(request, shown, agreement.working_language),
            **_related_choices(request.user, agreement),
            "rows_shown": shown,
            "may_add_row": shown < AGENDA_ROWS_MAX,
            "text_columns": text_columns(request.LANGUAGE_CODE, agreement.working_language),
            "calendar_url": request.build_absolute_uri(
                reverse("calendar_feed", args=[calendar_token(request.user)])
            ),
        },
        status=error.status if error else 200,
    )


def _answer(request, meeting) -> None:
    accept = request.POST.get("do") == "accept"
    services.meeting_answer(actor=request.user, meeting=meeting, accept=accept)


def _minutes(request, meeting) -> None:
    services.minutes_write(
        actor=request.user,
        meeting=meeting,
        minutes_ja=request.POST.get("minutes_ja", ""),
        minutes_en=request.POST.get("minutes_en", ""),
    )


def _approve(request, meeting) -> None:
    services.minutes_approve(actor=request.user, meeting=meeting)


def _action_add(request, meeting) -> None:
    services.action_add(
        actor=request.user,
        meeting=meeting,
        **_texts_of(request, "description"),
        owner_side=request.POST.get("owner_side", ""),
        due_on=date_required(request.POST.get("due_on")),
    )


def _action_close(request, meeting) -> None:
    action = selectors.action_get_for(request.user, meeting, request.POST.get("action_id", ""))
    services.action_close(actor=request.user, action=action)


# The detail page's forms, by their `do` field.
MEETING_ACTS = {
    "accept": _answer,
    "decline": _answer,
    "minutes": _minutes,
    "approve": _approve,
    "action": _action_add,
    "close_action": _action_close,
}


@_scoped
def meeting_detail(request, code: str, meeting_id: int):
    meeting = selectors.meeting_get_for(request.user, code, meeting_id)
    error = None
    if request.method == "POST":
        act = request.POST.get("do", "")
        if act not in MEETING_ACTS:
            raise Http404
        try:
            MEETING_ACTS[act](request, meeting)
            return redirect("consultations:detail", meeting.agreement.code, meeting.pk)
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise
            error = exc
            meeting.refresh_from_db()
    user = request.user
    return render(
        request,
        "consultations/detail.html",
        {
            "agreement": meeting.agreement,
            "meeting": meeting,
            "is_contact": user.has_role("contact_point_officer"),
            "may_answer": user.has_role("contact_point_officer")
            and user.side != meeting.proposed_by_side
            and meeting.state == "proposed",
            "approved_by_me": (
                meeting.approved_by_jp_at
                if user.side == Side.JP
                else meeting.approved_by_partner_at
            )
            is not None,
            "error": error,
            "text_columns": text_columns(request.LANGUAGE_CODE, meeting.agreement.working_language),
        },
        status=error.status if error else 200,
    )


def calendar_feed(request, token: str):
    from django.http import HttpResponse

    from renkei.consultations.calendar import calendar_for, calendar_user

    user = calendar_user(token)
    if user is None:
        raise Http404
    response = HttpResponse(calendar_for(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="renkei.ics"'
    return response
