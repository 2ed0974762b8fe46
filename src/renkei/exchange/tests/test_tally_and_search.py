"""What the database keeps by itself (ADR 24): the tally adds up to a count of the exchanges
whatever wrote them, and the text search answers exactly what a substring test over the same
rows answers, on SQLite through FTS5 and on PostgreSQL through pg_trgm (CI runs this module on
both)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from renkei.accounts.models import User
from renkei.exchange import search, services
from renkei.exchange.db_triggers import tally_differences
from renkei.exchange.models import Exchange, Status
from renkei.exchange.selectors import ExchangeFilters, exchange_count_for, exchange_list_for
from renkei.exchange.tests.factories import ExchangeRowFactory, draft, sent


def test_the_tally_follows_every_step_of_the_life_cycle(demo_users):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    inbox = ExchangeFilters(box="inbox")
    steps = []
    exchange = draft(la)
    steps.append(tally_differences(connection))
    assert exchange_count_for(isa, "LA", inbox) == (0, True)  # another side's draft
    services.exchange_send(actor=la, exchange=exchange)
    services.exchange_acknowledge(actor=isa, exchange=exchange)
    steps.append(tally_differences(connection))
    services.exchange_reply(
        language="en", actor=isa, exchange=exchange, body="Investigated.", is_answer=True
    )
    services.exchange_accept(actor=la, exchange=exchange)
    services.exchange_reopen(actor=la, exchange=exchange)
    steps.append(tally_differences(connection))
    services.exchange_close(actor=la, exchange=exchange)
    services.exchange_withdraw(actor=isa, exchange=sent(isa))
    steps.append(tally_differences(connection))
    assert steps == [[], [], [], []]
    assert exchange_count_for(isa, "LA", inbox) == (1, True)
    assert exchange_count_for(la, "LA", inbox) == (1, True)
    assert exchange_count_for(isa, "LA", ExchangeFilters(status="closed")) == (1, True)


def test_rows_written_around_the_services_are_tallied_too(demo_users):
    rows = ExchangeRowFactory.create_batch(6)
    Exchange.objects.filter(pk__in=[r.pk for r in rows[:3]]).update(status=Status.CLOSED)
    Exchange.objects.filter(pk=rows[3].pk).update(categories="ac", exchange_type="inquiry")
    Exchange.objects.filter(pk=rows[4].pk).delete()
    assert tally_differences(connection) == []
    isa = demo_users["isa.contact"]
    assert exchange_count_for(isa, "LA", ExchangeFilters(box="inbox")) == (5, True)
    assert exchange_count_for(isa, "LA", ExchangeFilters(status="closed")) == (3, True)
    assert exchange_count_for(isa, "LA", ExchangeFilters(category="c")) == (1, True)


MIX = [
    # side, kind, status, categories
    ("partner", "misconduct_report", "sent", "ab"),
    ("partner", "misconduct_report", "acknowledged", "c"),
    ("partner", "inquiry", "answered", ""),
    ("partner", "misconduct_report", "draft", "a"),
    ("jp", "misconduct_report", "draft", "e"),
    ("jp", "inquiry", "sent", ""),
    ("jp", "exam_fraud_report", "closed", ""),
    ("jp", "misconduct_report", "withdrawn", "cd"),
    ("jp", "return_request", "acknowledged", ""),
    ("partner", "return_request", "answered", ""),
]

FILTERS = [
    ExchangeFilters(box=box, exchange_type=kind, status=status, category=category)
    for box in ("inbox", "outbox", "drafts", "all")
    for kind, status, category in [
        ("", "", ""),
        ("misconduct_report", "", ""),
        ("", "sent", ""),
        ("", "draft", ""),
        ("inquiry", "answered", ""),
        ("", "", "c"),
        ("misconduct_report", "", "a"),
    ]
]


@pytest.mark.parametrize(
    ("username", "code"), [("isa.contact", "LA"), ("la.contact", "LA"), ("kh.embassy", "KH")]
)
def test_the_tally_counts_what_each_list_holds(demo_users, agreements, username, code):
    for n, (side, kind, status, categories) in enumerate(MIX * 2):
        ExchangeRowFactory(
            agreement=agreements[code],
            originating_side=side,
            exchange_type=kind,
            status=status,
            categories=categories,
            sent_at=None if status == "draft" else timezone.now() - timedelta(hours=n),
        )
    actor = demo_users[username]
    counts = []
    for filters in FILTERS:
        listed = exchange_list_for(actor, code, filters).count()
        assert exchange_count_for(actor, code, filters) == (listed, True), filters
        counts.append(listed)
    assert max(counts) > 0


TEXTS = [
    "Deposit taken by a broker before departure",
    "Broker's fee of 50% of the wage",
    "under_score and percent % signs",
    "A star* and a question? in [brackets]",
    "旅券を取り上げたブローカー",
    "ブローカーへの手数料",
    "Straße in München",
    "fee",
]
QUERIES = [
    "broker",
    "BROKER",
    "deposit broker",
    "50%",
    "%",
    "_",
    "*",
    "?",
    "[brackets]",
    "旅券",
    "ブローカー",
    "STRASSE",
    "straße",
    "münchen",
    "fee",
    "e",
    "no such words",
    "fee broker wage 50% of",
]


@pytest.fixture
def texts(demo_users):
    return [ExchangeRowFactory(subject=text) for text in TEXTS]


def _answers(query):
    isa = User.objects.get(username="isa.contact")
    found = exchange_list_for(isa, "LA", ExchangeFilters(text=query))
    return sorted(found.values_list("pk", flat=True))


def _expected(rows, query):
    words = search.search_words(query)
    return sorted(r.pk for r in rows if all(w in r.search_text for w in words))


@pytest.mark.parametrize("query", QUERIES)
def test_the_search_finds_what_a_substring_test_finds(texts, query):
    assert _answers(query) == _expected(texts, query)


@pytest.mark.parametrize("query", ["broker", "fee broker", "[brackets]", "ブローカー"])
def test_common_words_walk_the_list_and_find_the_same(texts, monkeypatch, query):
    # Past FTS_CANDIDATES the search checks rows as the list is walked: the same answers.
    monkeypatch.setattr(search, "FTS_CANDIDATES", 0)
    assert _answers(query) == _expected(texts, query)


def test_the_text_index_follows_edits_and_erasure(texts):
    first = texts[0]
    Exchange.objects.filter(pk=first.pk).update(search_text="replaced entirely")
    Exchange.objects.filter(pk=texts[1].pk).delete()
    assert _answers("deposit") == []
    assert _answers("replaced") == [first.pk]
    assert _answers("wage") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_on_sqlite_the_candidates_come_from_fts5(texts):
    assert search._fts_candidates("default", "broker") == [texts[0].pk, texts[1].pk]
    assert search._fts_candidates("default", "旅券") is None  # under three characters
