"""A consultation at 10:00 in Tokyo is 08:00 in Vientiane: each reader sees it in their own zone,
with the zone said; the calendar feed keeps one address, one language and real time zones."""

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from renkei.accounts.services import api_token_create, user_time_zone_set
from renkei.consultations import services
from renkei.consultations.calendar import calendar_token

TOKYO_TEN = datetime(2027, 1, 15, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def meeting_at_ten(isa):
    return services.meeting_propose(
        language="en",
        actor=isa,
        agreement_code="LA",
        kind="periodic",
        starts_at=TOKYO_TEN,
        place="Video link",
        agenda=[("b", "Brokers taking deposits")],
    )


def test_each_side_reads_the_time_in_its_own_zone(demo_users, client, settings):
    settings.LANGUAGE_CODE = "en"
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    meeting = meeting_at_ten(isa)
    url = f"/work/LA/consultations/{meeting.pk}/"
    client.force_login(isa)
    assert "2027-01-15 10:00 JST" in client.get(url).content.decode()
    client.force_login(la)
    assert "2027-01-15 08:00 UTC+7" in client.get(url).content.decode()
    # The Lao officer chooses Tokyo's time: the same meeting, said in JST.
    client.post("/accounts/preferences/", {"time_zone": "Asia/Tokyo"})
    assert "2027-01-15 10:00 JST" in client.get(url).content.decode()
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {_token(la)}").json()
    assert me["time_zone"] == "Asia/Tokyo"


def test_embassies_in_japan_read_japans_time(demo_users):
    assert demo_users["kh.embassy"].zone == "Asia/Tokyo"
    assert demo_users["kh.contact"].zone == "Asia/Phnom_Penh"


def test_an_unknown_zone_is_refused_and_nothing_changes(demo_users, client):
    la = demo_users["la.contact"]
    client.force_login(la)
    for hostile in ("Mars/Olympus", "../../etc/passwd", "<script>", "Asia/Tokyo'; DROP TABLE x"):
        page = client.post("/accounts/preferences/", {"time_zone": hostile})
        assert page.status_code == 400 and b'data-testid="form-error"' in page.content
    la.refresh_from_db()
    assert la.time_zone == "" and la.zone == "Asia/Vientiane"
    user_time_zone_set(actor=la, time_zone="Asia/Karachi")
    user_time_zone_set(actor=la, time_zone="")  # back to the office's
    la.refresh_from_db()
    assert la.zone == "Asia/Vientiane"


def _token(user):
    return api_token_create(actor=None, user=user, name="t")[1]


def test_the_feed_has_one_address_one_language_and_its_zone(demo_users, client, settings):
    settings.RENKEI_SITE_URL = "https://renkei.example.go.jp"
    la = demo_users["la.contact"]
    meeting = meeting_at_ten(demo_users["isa.contact"])
    assert calendar_token(la) == calendar_token(la)  # stable: a subscription keeps working
    client.force_login(la)
    listing = client.get("/work/LA/consultations/").content.decode()
    assert calendar_token(la) in listing
    feed = client.get(f"/calendar/{calendar_token(la)}.ics")
    calendar = Calendar.from_ical(feed.content)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == TOKYO_TEN
    assert str(event["dtstart"].params["TZID"]) == "Asia/Vientiane"
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Vientiane"]
    assert str(event["url"]) == f"https://renkei.example.go.jp/work/LA/consultations/{meeting.pk}/"
    summary = str(event["summary"])
    assert "Consultation" in summary and "協議" not in summary  # the reader's language only
