"""`renkei demo` builds a year that shows what every page is for: deterministic, idempotent,
made through the services (the ledger replays it), every name fictional and saying so."""

import random

import pytest
from django.core.management import call_command

from renkei.agreements.models import Agreement
from renkei.audit.services import audit_verify
from renkei.consultations.models import Action, Meeting
from renkei.exchange.models import Exchange, Status
from renkei.exchange.selectors import ExchangeFilters, dashboard_for, exchange_list_for
from renkei.ops.demo_year import FICTIONAL, STEMS
from renkei.registry.models import SendingOrganisation
from renkei.screening.models import Hit

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(demo_users):
    call_command("demo", verbosity=0)
    return demo_users


def test_every_agreement_in_force_gets_its_year_and_a_second_run_adds_nothing(year, capsys):
    in_force = [a.code for a in Agreement.objects.order_by("code") if a.status == "in_force"]
    assert set(Exchange.objects.values_list("agreement__code", flat=True)) == set(in_force)
    counts = (Exchange.objects.count(), SendingOrganisation.objects.count(), Hit.objects.count())
    call_command("demo")
    assert "already there" in capsys.readouterr().out
    assert counts == (
        Exchange.objects.count(),
        SendingOrganisation.objects.count(),
        Hit.objects.count(),
    )
    assert audit_verify().ok


def test_what_the_year_holds(year, client):
    """One year built, looked at from every side (building it takes seconds)."""
    _names_drawn_the_same_way_and_marked_fictional()
    _lao_public_register_shows_at_least_ten_organisations(client)
    _every_inbox_and_dashboard_has_work(year)
    _every_state_and_the_consultations_are_there()


def _names_drawn_the_same_way_and_marked_fictional():
    expected = random.Random("renkei-demo-LA").sample(STEMS, 14)  # noqa: S311
    names = list(
        SendingOrganisation.objects.filter(agreement__code="LA")
        .order_by("licence_number")
        .values_list("name_latin", flat=True)
    )
    assert names == [f"{stem} Manpower Co., Ltd.{FICTIONAL}" for stem in expected]


def _lao_public_register_shows_at_least_ten_organisations(client):
    page = client.get("/public/LA/sending-organisations/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert sum(html.count(f"{stem} Manpower") for stem in STEMS) >= 10
    revoked = client.get("/public/LA/revocations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Manpower" in revoked


def _every_inbox_and_dashboard_has_work(year):
    for agreement in Agreement.objects.filter(status="in_force"):
        for username in ("isa.contact", f"{agreement.code.lower()}.contact"):
            user = year[username]
            inbox = exchange_list_for(user, agreement.code, ExchangeFilters(box="inbox"))
            assert inbox.exists(), (username, agreement.code)
            assert dashboard_for(user, agreement.code).overdue >= 1, (username, agreement.code)


def _every_state_and_the_consultations_are_there():
    la = Exchange.objects.filter(agreement__code="LA")
    for status in (Status.DRAFT, Status.SENT, Status.ACKNOWLEDGED, Status.ANSWERED):
        assert la.filter(status=status).exists(), status
    assert la.filter(status=Status.ACCEPTED).exists()
    assert la.filter(disclosures__isnull=False).exists()
    assert la.filter(language="ja", translations__has_key="en").exists()
    assert Meeting.objects.filter(agreement__code="LA", state="held").exclude(minutes_en="")
    assert Meeting.objects.filter(agreement__code="LA", state="proposed").exists()
    assert Action.objects.filter(meeting__agreement__code="LA").count() == 2
    assert Hit.objects.filter(status="open").exists()
