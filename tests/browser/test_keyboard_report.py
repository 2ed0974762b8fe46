"""A misconduct report filed and sent with the keyboard alone: every field reached with Tab in
order, ticked with Space, submitted with Enter, confirmed on the summary page."""

import pytest

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "(selector) => document.activeElement && document.activeElement.matches(selector)"


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has the focus; fails if the keyboard cannot reach it."""
    for _ in range(limit):
        if page.evaluate(FOCUSED, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the keyboard")


def test_a_report_is_filed_and_sent_with_the_keyboard_alone(demo, page):
    from renkei.exchange.models import Exchange

    log_in(page, demo, "la.contact")
    page.goto(f"{demo}/work/LA/exchanges/new/misconduct_report/")
    tab_to(page, "input[name=subject_en]")
    page.keyboard.type("Deposits taken by a broker")
    tab_to(page, "textarea[name=body_en]")
    page.keyboard.type("Nine candidates paid a deposit before departure.")
    tab_to(page, "input[name=categories][value=a]")
    page.keyboard.press("Space")
    tab_to(page, "select[name=int0_country]")  # Laos is chosen already, the report's partner
    tab_to(page, "textarea[name=int0_names]")
    page.keyboard.type("Sample Recruitment Co.")
    tab_to(page, "[data-testid=save-and-send]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=send-summary]")
    tab_to(page, "[data-testid=confirm-send]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=status]")
    assert page.locator("[data-testid=status]").get_attribute("class").endswith("status-sent")
    sent = Exchange.objects.get()
    assert sent.categories == "a" and sent.language == "en"
    assert sent.details["intermediaries"][0]["names"] == ["Sample Recruitment Co."]
