"""Exchange lists read a page at a time from a cursor (ADR 24): every row once, in order, however
the list grows meanwhile; page numbers for the first pages; counts from the tally, or stopped
at a cap and shown as such; a cursor that is not ours refused in words."""

import base64
from datetime import timedelta

import factory
import pytest
from django.utils import timezone

from renkei.accounts.services import api_token_create
from renkei.core import pages
from renkei.exchange.models import Exchange
from renkei.exchange.tests.factories import ExchangeRowFactory

LIST = "/api/v1/agreements/LA/exchanges"


@pytest.fixture
def isa(demo_users):
    secret = api_token_create(actor=None, user=demo_users["isa.contact"], name="t")[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def rows(demo_users):
    # 120 rows, with ties on the moment: the id orders them.
    moment = timezone.now()
    return ExchangeRowFactory.create_batch(
        120,
        sent_at=factory.Sequence(lambda n: moment - timedelta(minutes=n // 3)),
        subject="Deposit case",
    )


def _walk(client, headers, **params):
    seen, cursor, calls = [], "", 0
    while True:
        query = {**params, "per_page": 50, **({"cursor": cursor} if cursor else {})}
        data = client.get(LIST, query, **headers).json()
        seen += [item["reference"] for item in data["items"]]
        calls += 1
        cursor = data["next_cursor"]
        if not cursor:
            return seen, calls, data


def test_a_cursor_walk_gives_every_row_once_newest_first(client, isa, rows):
    seen, calls, last = _walk(client, isa, box="inbox")
    expected = list(
        Exchange.objects.order_by("-listed_at", "-pk").values_list("reference", flat=True)
    )
    assert seen == expected and len(seen) == 120 and calls == 3
    assert last["page"] is None and last["count"] == 120 and last["count_exact"] is True


def test_rows_arriving_during_a_walk_neither_repeat_nor_hide_older_ones(client, isa, rows):
    first = client.get(LIST, {"per_page": 50}, **isa).json()
    ExchangeRowFactory.create_batch(10, sent_at=timezone.now() + timedelta(minutes=1))
    second = client.get(LIST, {"per_page": 50, "cursor": first["next_cursor"]}, **isa).json()
    by_number = client.get(LIST, {"per_page": 50, "page": 2}, **isa).json()
    page_one = {item["reference"] for item in first["items"]}
    assert not page_one & {item["reference"] for item in second["items"]}
    # Page numbers shift as rows arrive; that is why the cursor exists.
    assert len(page_one & {item["reference"] for item in by_number["items"]}) == 10
    assert second["count"] == 130


def test_page_numbers_still_reach_the_first_pages(client, isa, rows):
    second = client.get(LIST, {"per_page": 50, "page": 2}, **isa).json()
    first = client.get(LIST, {"per_page": 50}, **isa).json()
    after_first = client.get(LIST, {"per_page": 50, "cursor": first["next_cursor"]}, **isa)
    assert second["items"] == after_first.json()["items"]
    assert second["page"] == 2
    assert client.get(LIST, {"page": pages.MAX_PAGE + 1}, **isa).status_code == 422


def _encoded(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",
        "!!!!",
        "ｶｰｿﾙ",
        _encoded("2026-12-01T00:00:00|12"),  # no zone
        _encoded("2026-12-01T00:00:00+00:00|-1"),
        _encoded("2026-12-01T00:00:00+00:00|1|2"),
        _encoded("'; DROP TABLE exchange_exchange; --|1"),
        _encoded("2026-12-01T00:00:00+00:00|99999999999999999999999"),
    ],
)
def test_a_cursor_that_is_not_ours_is_a_clear_400(client, isa, rows, cursor):
    response = client.get(LIST, {"cursor": cursor}, HTTP_ACCEPT_LANGUAGE="en", **isa)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_cursor"
    assert "first page" in response.json()["error"]["message"]
    assert Exchange.objects.count() == 120


def test_an_overlong_cursor_is_refused_before_it_is_read(client, isa):
    response = client.get(LIST, {"cursor": "x" * (pages.MAX_CURSOR + 1)}, **isa)
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid"


def test_counts_that_cannot_come_from_the_tally_stop_at_the_cap(client, isa, rows, monkeypatch):
    monkeypatch.setattr(pages, "COUNT_CAP", 100)
    data = client.get(LIST, {"text": "deposit"}, **isa).json()
    assert (data["count"], data["count_exact"]) == (100, False)
    exact = client.get(LIST, {"text": "deposit", "box": "outbox"}, **isa).json()
    assert (exact["count"], exact["count_exact"]) == (0, True)
    assert client.get(LIST, {"box": "inbox"}, **isa).json()["count"] == 120  # the tally's


def test_the_page_walks_by_cursor_with_its_filters_and_says_how_many(
    client, demo_users, rows, monkeypatch
):
    client.force_login(demo_users["isa.contact"])
    first = client.get(
        "/work/LA/exchanges/", {"box": "inbox", "q": "deposit"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "120 exchanges" in first.content.decode()
    next_link = first.context["next_query"]
    assert "q=deposit" in next_link and "cursor=" in next_link and "box=inbox" in next_link
    second = client.get(f"/work/LA/exchanges/?{next_link}")
    shown = {e.reference for e in first.context["items"]} | {
        e.reference for e in second.context["items"]
    }
    assert len(shown) == 100 and 'data-testid="first-page"' in second.content.decode()
    monkeypatch.setattr(pages, "COUNT_CAP", 100)
    capped = client.get("/work/LA/exchanges/", {"q": "deposit"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert "100+件" in capped.content.decode()


def test_a_bad_cursor_on_the_page_says_so_and_shows_the_first_page(client, demo_users, rows):
    client.force_login(demo_users["isa.contact"])
    response = client.get("/work/LA/exchanges/", {"cursor": "nonsense"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 400
    assert "最初のページから" in response.content.decode()
    newest = Exchange.objects.order_by("-listed_at", "-pk")[:50]
    assert [e.pk for e in response.context["items"]] == [e.pk for e in newest]


def test_a_cursor_from_one_agreement_reads_nothing_of_another(client, demo_users, rows):
    kh = api_token_create(actor=None, user=demo_users["kh.contact"], name="t")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {kh}"}
    isa_token = api_token_create(actor=None, user=demo_users["isa.contact"], name="u")[1]
    la_page = client.get(LIST, {"per_page": 5}, HTTP_AUTHORIZATION=f"Bearer {isa_token}").json()
    cursor = la_page["next_cursor"]
    assert client.get(LIST, {"cursor": cursor}, **headers).status_code == 404
    kh_list = client.get("/api/v1/agreements/KH/exchanges", {"cursor": cursor}, **headers)
    assert kh_list.status_code == 200 and kh_list.json()["items"] == []


@pytest.mark.parametrize(
    "query", [{"box": "inbox"}, {"status": "sent", "type": "misconduct_report"}, {"category": "a"}]
)
def test_a_page_with_a_tallied_total_counts_no_exchanges(client, isa, rows, query):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        data = client.get(LIST, query, **isa).json()
    statements = [q["sql"] for q in queries.captured_queries]
    assert "next_cursor" in data
    assert not [
        sql for sql in statements if "COUNT(" in sql.upper() and '"exchange_exchange"' in sql
    ], statements
    assert any('"exchange_exchangetally"' in sql for sql in statements)
