"""A personal iCalendar feed: the consultations and action due dates of the user's agreements,
in the user's language and time zone (with its VTIMEZONE), linking to the site's configured
address. Calendar programs cannot log in, so the feed's address carries a signed user id: the
same address every time, so a calendar subscribed once keeps working."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from renkei.accounts.models import User
from renkei.agreements.scoping import agreements_visible_to
from renkei.consultations.models import Action, Meeting
from renkei.core.languages import record_text

SALT = "renkei.consultations.calendar"


def calendar_token(user: User) -> str:
    return signing.Signer(salt=SALT).sign(str(user.pk))


def calendar_user(token: str) -> User | None:
    try:
        user_id = int(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        try:  # an address handed out before it was stable (a timestamped signature)
            user_id = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            return None
    return User.objects.filter(pk=user_id, is_active=True).select_related("unit").first()


def calendar_for(user: User) -> bytes:
    with translation.override(user.preferred_language or "en"):
        calendar = _calendar(user)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _calendar(user: User) -> Calendar:
    language = user.preferred_language or "en"  # one language per feed, the reader's
    agreements = agreements_visible_to(user)
    zone = ZoneInfo(user.zone)
    calendar = Calendar()
    calendar.add("prodid", "-//renkei//consultations//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"renkei — {user.get_username()}")
    calendar.add("x-wr-timezone", user.zone)
    site = settings.RENKEI_SITE_URL.rstrip("/")
    for meeting in (
        Meeting.objects.filter(agreement__in=agreements)
        .exclude(state=Meeting.State.DECLINED)
        .select_related("agreement")
        .prefetch_related("agenda")
    ):
        starts = timezone.localtime(meeting.starts_at, zone)
        event = Event()
        event.add("uid", f"consultation-{meeting.pk}@renkei")
        event.add(
            "summary",
            f"[{meeting.agreement.code}] {_('Consultation')} ({meeting.get_kind_display()})",
        )
        event.add("dtstart", starts)
        event.add("dtend", starts + timedelta(hours=2))
        event.add("location", meeting.place)
        event.add(
            "description",
            "\n".join(
                f"({i.topic}) {record_text(i, 'title', language)}" for i in meeting.agenda.all()
            ),
        )
        event.add("url", f"{site}/work/{meeting.agreement.code}/consultations/{meeting.pk}/")
        calendar.add_component(event)
    for action in Action.objects.filter(
        meeting__agreement__in=agreements, state=Action.State.OPEN
    ).select_related("meeting__agreement"):
        event = Event()
        event.add("uid", f"action-{action.pk}@renkei")
        event.add(
            "summary",
            f"[{action.meeting.agreement.code}] "
            + _("Due: %(action)s") % {"action": record_text(action, "description", language)[:80]},
        )
        event.add("dtstart", action.due_on)
        code = action.meeting.agreement.code
        event.add("url", f"{site}/work/{code}/consultations/{action.meeting_id}/")
        calendar.add_component(event)
    return calendar
