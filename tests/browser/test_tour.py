"""A tour of the main pages after `renkei demo`, as an ISA officer, a Lao officer, an examiner
and the public, in Japanese and in English, at 1280 and 390 pixels: every page has data, no
stored code shows, the English agreement page reads in English, axe-core finds nothing serious
(the `page` fixture audits every load), and each view is saved under var/screenshots/ for
people to look at."""

import re
from pathlib import Path

import pytest

from renkei.audit.actions import ACTION_LABELS
from tests.browser.conftest import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = (1280, 390)
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
# A stored code is snake_case (`third_parties`, `contact_point_only`) or a ledger action.
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")

TOURS = {
    "isa.contact": (
        ("home", "/"),
        ("agreement", "/agreements/LA/"),
        ("matrix", "/agreements/matrix/"),
        ("workspace", "/work/LA/"),
        ("inbox", "/work/LA/exchanges/?box=inbox"),
        ("dashboard", "/work/LA/exchanges/dashboard/"),
        ("registers", "/registers/"),
        ("consultations", "/work/LA/consultations/"),
        ("ledger", "/work/LA/ledger/"),
        ("screening", "/screening/"),
    ),
    "la.contact": (
        ("home", "/"),
        ("agreement", "/agreements/LA/"),
        ("inbox", "/work/LA/exchanges/?box=inbox"),
        ("registry", "/work/LA/registry/"),
        ("consultations", "/work/LA/consultations/"),
    ),
    "isa.examiner": (("verify", "/verify/"),),
    None: (
        ("public-register", "/public/LA/sending-organisations/"),
        ("public-orders", "/public/LA/improvement-orders/"),
    ),
}


@pytest.fixture
def year(demo):
    from renkei.ops.demo_year import demo_year_seed

    demo_year_seed()
    return demo


def _visible_text(page) -> str:
    return page.evaluate("document.body.innerText")


def _stored_codes(text: str) -> list[str]:
    codes = set(SNAKE.findall(text)) | {action for action in ACTION_LABELS if action in text}
    return sorted(codes)


def _records() -> tuple[tuple[str, str], ...]:
    """Pages of single records in the demo: a bilingual inquiry, a held consultation."""
    from renkei.consultations.models import Meeting
    from renkei.exchange.models import Exchange

    inquiry = Exchange.objects.filter(agreement__code="LA", language="ja").exclude(translations={})
    meeting = Meeting.objects.filter(agreement__code="LA", state="held").first()
    return (
        ("exchange", f"/work/LA/exchanges/{inquiry.first().pk}/"),
        ("exchange-print", f"/work/LA/exchanges/{inquiry.first().pk}/?view=print"),
        ("consultation", f"/work/LA/consultations/{meeting.pk}/"),
        ("compose", "/work/LA/exchanges/new/misconduct_report/"),
    )


def _tour(page, base: str, who: str | None, language: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    for name, path in TOURS[who] + (_records() if who in ("isa.contact", "la.contact") else ()):
        response = page.goto(f"{base}{path}")
        assert response.status == 200, (who, path, response.status)
        assert page.evaluate("document.documentElement.lang") == language
        text = _visible_text(page)
        assert _stored_codes(text) == [], (who, language, path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than a {width}px window"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{who or 'public'}-{name}-{language}-{width}.png"))


def test_the_main_pages_in_both_languages_and_both_widths(year, page):
    """One demo year, every reader's tour (building the year takes seconds)."""
    _demo_fills_the_lao_register_and_the_inboxes(year, page)
    log_out(page)
    _english_agreement_page_reads_in_english(year, page)
    log_out(page)
    for who in TOURS:
        if who is not None:
            log_in(page, year, who)
        for language in ("ja", "en"):
            for width in WIDTHS:
                _tour(page, year, who, language, width)
        if who is not None:
            log_out(page)


def _english_agreement_page_reads_in_english(year, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, year, "la.contact")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": year}])
    page.goto(f"{year}/agreements/LA/")
    text = _visible_text(page)
    share = len(JAPANESE.findall(text)) / max(1, len(re.sub(r"\s", "", text)))
    assert share < 0.15, f"{share:.0%} of the visible characters are Japanese"
    assert page.locator("[data-testid=unofficial-rendering]").count() >= 10
    assert "Unofficial English rendering" in text


def _demo_fills_the_lao_register_and_the_inboxes(year, page):
    page.goto(f"{year}/public/LA/sending-organisations/")
    assert page.locator("main").get_by_text("Manpower Co., Ltd.").count() >= 10
    log_in(page, year, "isa.contact")
    page.goto(f"{year}/work/LA/exchanges/?box=inbox")
    assert page.locator("[data-testid=exchange-rows] tr[data-reference]").count() >= 5
    assert page.locator("tr.overdue").count() >= 1
