"""A personal iCalendar feed: the consultations and action due dates of the user's agreements.
Calendar programs cannot log in, so the feed's address carries a signed user id."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from icalendar import Calendar, Event

from renkei.accounts.models import User
from renkei.agreements.scoping import agreements_visible_to
from renkei.consultations.models import Action, Meeting

SALT = "renkei.consultations.calendar"


def calendar_token(user: User) -> str:
    return signing.dumps(user.pk, salt=SALT)


def calendar_user(token: str) -> User | None:
    try:
        user_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=user_id, is_active=True).select_related("unit").first()


def calendar_for(user: User) -> bytes:
    agreements = agreements_visible_to(user)
    calendar = Calendar()
    calendar.add("prodid", "-//renkei//consultations//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"renkei — {user.get_username()}")
    site = settings.RENKEI_SITE_URL.rstrip("/")
    for meeting in (
        Meeting.objects.filter(agreement__in=agreements)
        .exclude(state=Meeting.State.DECLINED)
        .select_related("agreement")
        .prefetch_related("agenda")
    ):
        event = Event()
        event.add("uid", f"consultation-{meeting.pk}@renkei")
        event.add(
            "summary",
            f"[{meeting.agreement.code}] 協議 / Consultation ({meeting.get_kind_display()})",
        )
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + timedelta(hours=2))
        event.add("location", meeting.place)
        event.add("description", "\n".join(f"({i.topic}) {i.title}" for i in meeting.agenda.all()))
        event.add("url", f"{site}/work/{meeting.agreement.code}/consultations/{meeting.pk}/")
        calendar.add_component(event)
    for action in Action.objects.filter(
        meeting__agreement__in=agreements, state=Action.State.OPEN
    ).select_related("meeting__agreement"):
        event = Event()
        event.add("uid", f"action-{action.pk}@renkei")
        event.add(
            "summary", f"[{action.meeting.agreement.code}] 期限 / Due: {action.description[:80]}"
        )
        event.add("dtstart", action.due_on)
        calendar.add_component(event)
    return calendar.to_ical()
