from datetime import date, timedelta

import pytest
from django.utils import timezone

from renkei.audit.models import AuditEvent
from renkei.consultations import services
from renkei.consultations.models import Meeting
from renkei.consultations.selectors import meeting_get_for
from renkei.core.errors import ApplicationError, NotFound, PermissionDenied

AGENDA = [("b", "Brokers taking deposits"), ("d", "JFT-Basic impersonation")]


def propose(actor, code="LA", **kw):
    return services.meeting_propose(
        language="en",
        actor=actor,
        agreement_code=code,
        kind=kw.pop("kind", "periodic"),
        starts_at=kw.pop("starts_at", timezone.now() + timedelta(days=14)),
        place="Video link",
        agenda=kw.pop("agenda", AGENDA),
        **kw,
    )


def test_propose_accept_minutes_need_both_sides(demo_users):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    meeting = propose(isa)
    with pytest.raises(PermissionDenied):
        services.meeting_answer(actor=isa, meeting=meeting, accept=True)  # not the proposer
    services.meeting_answer(actor=la, meeting=meeting, accept=True)
    services.minutes_write(actor=isa, meeting=meeting, minutes_ja="議事録", minutes_en="Minutes")
    services.minutes_approve(actor=isa, meeting=meeting)
    assert meeting.state == Meeting.State.ACCEPTED  # one side alone approves nothing
    services.minutes_approve(actor=la, meeting=meeting)
    assert meeting.state == Meeting.State.HELD
    actions = list(AuditEvent.objects.filter(agreement_code="LA").values_list("action", flat=True))
    assert actions[-5:] == [
        "consultation.proposed",
        "consultation.accepted",
        "consultation.minutes_written",
        "consultation.minutes_approved",
        "consultation.minutes_approved",
    ]


def test_editing_minutes_resets_approvals(demo_users):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    meeting = propose(isa)
    services.meeting_answer(actor=la, meeting=meeting, accept=True)
    services.minutes_write(actor=isa, meeting=meeting, minutes_ja="a", minutes_en="a")
    services.minutes_approve(actor=isa, meeting=meeting)
    services.minutes_write(actor=la, meeting=meeting, minutes_ja="b", minutes_en="b")
    assert meeting.approved_by_jp_at is None


@pytest.mark.parametrize(
    "kw,code",
    [
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "past_meeting"),
        ({"agenda": []}, "required"),
        ({"agenda": [("z", "x")]}, "unknown_topic"),
        ({"kind": "dispute"}, "not_provided"),  # LA has no dispute clause
    ],
)
def test_bad_proposals_are_refused(demo_users, kw, code):
    with pytest.raises(ApplicationError) as excinfo:
        propose(demo_users["isa.contact"], **kw)
    assert excinfo.value.code == code
    assert not Meeting.objects.exists()


def test_dispute_consultation_where_the_moc_provides(demo_users):
    assert propose(demo_users["isa.contact"], code="KG", kind="dispute").kind == "dispute"


def test_actions_tracked_to_closure_by_their_owner(demo_users):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    meeting = propose(isa)
    services.meeting_answer(actor=la, meeting=meeting, accept=True)
    action = services.action_add(
        language="en",
        actor=isa,
        meeting=meeting,
        description="Inspect Agency X",
        owner_side="partner",
        due_on=date(2027, 1, 31),
    )
    with pytest.raises(PermissionDenied):
        services.action_close(actor=isa, action=action)
    services.action_close(actor=la, action=action)
    assert action.state == "done"


def test_scoping(demo_users, client):
    meeting = propose(demo_users["isa.contact"])
    with pytest.raises(NotFound):
        meeting_get_for(demo_users["kh.contact"], "LA", meeting.pk)
    client.force_login(demo_users["kh.contact"])
    assert client.get(f"/work/LA/consultations/{meeting.pk}/").status_code == 404
    assert client.get(f"/work/KH/consultations/{meeting.pk}/").status_code == 404
    client.force_login(demo_users["isa.examiner"])
    assert client.get(f"/work/LA/consultations/{meeting.pk}/").status_code == 404


def test_calendar_feed_is_personal_and_signed(demo_users, client):
    from icalendar import Calendar

    from renkei.consultations.calendar import calendar_token

    meeting = propose(demo_users["isa.contact"])
    la_feed = client.get(f"/calendar/{calendar_token(demo_users['la.contact'])}.ics")
    assert la_feed["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(la_feed.content).walk("VEVENT")]
    assert [str(e["uid"]) for e in events] == [f"consultation-{meeting.pk}@renkei"]
    kh_feed = Calendar.from_ical(
        client.get(f"/calendar/{calendar_token(demo_users['kh.contact'])}.ics").content
    )
    assert list(kh_feed.walk("VEVENT")) == []
    assert client.get("/calendar/forged-token.ics").status_code == 404


def test_action_reminders_once(demo_users):
    from django.core import mail

    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    la.email = "la@example.org"
    la.save(update_fields=["email"])
    meeting = propose(isa)
    services.meeting_answer(actor=la, meeting=meeting, accept=True)
    services.action_add(
        language="en",
        actor=isa,
        meeting=meeting,
        description="Report back",
        owner_side="partner",
        due_on=date(2027, 1, 10),
    )
    assert services.actions_remind_due(today=date(2027, 1, 1)) == 0
    assert services.actions_remind_due(today=date(2027, 1, 8)) == 1
    assert services.actions_remind_due(today=date(2027, 1, 9)) == 0
    assert mail.outbox[0].to == ["la@example.org"]


def test_the_api_round_trip_and_bad_input(demo_users, client):
    from renkei.accounts.services import api_token_create

    def bearer(name):
        return {
            "HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=demo_users[name], name='t')[1]}"
        }

    isa, la, kh = bearer("isa.contact"), bearer("la.contact"), bearer("kh.contact")
    when = (timezone.now() + timedelta(days=7)).isoformat()
    created = client.post(
        "/api/v1/agreements/LA/consultations",
        {
            "kind": "ad_hoc",
            "starts_at": when,
            "place": "Vientiane",
            "agenda": [{"topic": "c", "title": "Improper agencies", "language": "en"}],
        },
        content_type="application/json",
        **isa,
    )
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    base = f"/api/v1/agreements/LA/consultations/{meeting_id}"
    assert client.post(f"{base}/accept", **kh).status_code == 404
    assert client.post(f"{base}/accept", **la).json()["state"] == "accepted"
    client.post(
        f"{base}/minutes",
        {"minutes_ja": "議事", "minutes_en": "Minutes"},
        content_type="application/json",
        **la,
    )
    client.post(f"{base}/approve", **la)
    assert client.post(f"{base}/approve", **isa).json()["state"] == "held"
    action = client.post(
        f"{base}/actions",
        {"description": "Report", "owner_side": "jp", "due_on": "2027-01-01"},
        content_type="application/json",
        **la,
    ).json()
    assert (
        client.post(
            f"/api/v1/agreements/LA/consultation-actions/{action['id']}/done", **la
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/v1/agreements/LA/consultation-actions/{action['id']}/done", **isa
        ).json()["state"]
        == "done"
    )
    past = client.post(
        "/api/v1/agreements/LA/consultations",
        {
            "kind": "ad_hoc",
            "starts_at": "2020-01-01T10:00:00+09:00",
            "place": "x",
            "agenda": [{"topic": "a", "title": "x", "language": "en"}],
        },
        content_type="application/json",
        **isa,
    )
    assert past.status_code == 400 and past.json()["error"]["code"] == "past_meeting"


def test_hostile_action_ids_on_the_page_are_404(demo_users, client):
    meeting = propose(demo_users["isa.contact"])
    services.meeting_answer(actor=demo_users["la.contact"], meeting=meeting, accept=True)
    client.force_login(demo_users["la.contact"])
    for value in ("1 OR 1=1", "../1", "999999", ""):
        response = client.post(
            f"/work/LA/consultations/{meeting.pk}/", {"do": "close_action", "action_id": value}
        )
        assert response.status_code == 404, value
    assert (
        client.post(f"/work/LA/consultations/{meeting.pk}/", {"do": "explode"}).status_code == 404
    )


@pytest.mark.parametrize("code,offers_dispute", [("LA", False), ("KG", True), ("PK", True)])
def test_the_form_offers_only_the_kinds_the_moc_provides(demo_users, client, code, offers_dispute):
    contact = {"LA": "la.contact", "KG": "kg.contact", "PK": "pk.contact"}[code]
    client.force_login(demo_users[contact])
    page = client.get(f"/work/{code}/consultations/").content.decode()
    assert ('value="dispute"' in page) is offers_dispute
    assert 'value="periodic"' in page


def test_agenda_and_actions_bound_for_the_other_side_carry_english(demo_users, client):
    from renkei.consultations.models import AgendaItem

    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    with pytest.raises(ApplicationError) as refused:
        services.meeting_propose(
            actor=isa,
            agreement_code="LA",
            kind="ad_hoc",
            starts_at=timezone.now() + timedelta(days=5),
            place="Video",
            agenda=[{"topic": "b", "title": "仲介機関"}],
        )
    assert refused.value.code == "working_language_missing"
    assert not AgendaItem.objects.exists()
    meeting = services.meeting_propose(
        actor=isa,
        agreement_code="LA",
        kind="ad_hoc",
        starts_at=timezone.now() + timedelta(days=5),
        place="Video",
        agenda=[{"topic": "b", "title": "仲介機関", "translations": {"en": {"title": "Brokers"}}}],
    )
    client.force_login(la)
    page = client.get(f"/work/LA/consultations/{meeting.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Brokers" in html and "仲介機関" in html
    assert html.index("Brokers") < html.index("仲介機関")  # the reader's language first
