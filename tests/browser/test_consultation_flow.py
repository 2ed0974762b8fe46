from datetime import datetime, timedelta

import pytest

from tests.browser.conftest import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_propose_accept_approve_minutes_and_action_on_laos_page(demo, page):
    when = (datetime.now() + timedelta(days=10)).strftime("%Y-%m-%dT10:00")
    log_in(page, demo, "isa.contact")
    page.goto(f"{demo}/work/LA/consultations/")
    page.fill("input[name=starts_at]", when)
    page.fill("input[name=place]", "Video conference")
    page.select_option("select[name=topic0]", "b")
    page.fill("input[name=title_ja0]", "仲介機関による保証金の徴収")
    page.fill("input[name=title_en0]", "Brokers taking deposits")
    # A second item: "add another" posts the form back with one more block, input kept.
    page.click("[data-testid=add-agenda-row]")
    page.wait_for_selector("select[name=topic1]")
    assert page.input_value("input[name=title_en0]") == "Brokers taking deposits"
    assert page.input_value("input[name=place]") == "Video conference"
    page.select_option("select[name=topic1]", "d")
    page.fill("input[name=title_ja1]", "替え玉受験")
    page.fill("input[name=title_en1]", "Test impersonation")
    page.click("[data-testid=propose]")
    page.wait_for_selector("[data-testid=meeting-state].status-proposed")
    meeting_url = page.url
    assert page.locator("[data-testid=agenda] li").count() == 2
    log_out(page)

    log_in(page, demo, "la.contact")
    page.goto(meeting_url)
    assert "Brokers taking deposits" in page.locator("[data-testid=agenda]").inner_text()
    page.click("[data-testid=accept]")
    page.wait_for_selector("[data-testid=meeting-state].status-accepted")
    page.fill("textarea[name=minutes_ja]", "仲介機関の保証金について協議した。")
    page.fill("textarea[name=minutes_en]", "Deposits taken by brokers were discussed.")
    page.click("[data-testid=save-minutes]")
    page.click("[data-testid=approve-minutes]")
    page.wait_for_selector("[data-testid=meeting-state].status-accepted")  # one side alone
    log_out(page)

    log_in(page, demo, "isa.contact")
    page.goto(meeting_url)
    page.click("[data-testid=approve-minutes]")
    page.wait_for_selector("[data-testid=meeting-state].status-held")
    page.fill("textarea[name=description_ja]", "仲介機関の許可を確認し報告する")
    page.fill("textarea[name=description_en]", "Inspect the broker's licence and report")
    page.select_option("select[name=owner_side]", "partner")
    page.fill("input[name=due_on]", (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d"))
    page.click("[data-testid=add-action]")
    page.wait_for_selector("text=仲介機関の許可を確認し報告する")  # the author's language first
    log_out(page)

    log_in(page, demo, "la.contact")
    page.goto(f"{demo}/work/LA/consultations/")
    assert "Inspect the broker's licence" in page.locator("[data-testid=open-actions]").inner_text()
