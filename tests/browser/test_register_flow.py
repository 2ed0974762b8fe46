from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_accredit_publish_read_publicly_in_both_languages_and_verify(demo, page):
    today = timezone.localdate()
    log_in(page, demo, "la.contact")
    page.goto(f"{demo}/work/LA/")
    page.click("[data-testid=registry-link]")
    page.fill("input[name=name_original]", "ບໍລິສັດ ສົ່ງອອກແຮງງານ ຈຳກັດ")
    page.fill("input[name=name_latin]", "Lao Manpower Export Co., Ltd.")
    page.fill("input[name=name_ja]", "ラオ人材送出株式会社")
    page.fill("input[name=licence_number]", "MOLSW-2026-017")
    page.click("[data-testid=register]")
    page.wait_for_selector("[data-testid=events]")
    page.select_option("[data-testid=event-kind]", "applied")
    page.click("[data-testid=record-event]")
    page.wait_for_selector("[data-testid=org-status].status-applied")
    page.select_option("[data-testid=event-kind]", "accredited")
    page.fill("input[name=valid_until]", (today + timedelta(days=3 * 365)).isoformat())
    page.click("[data-testid=record-event]")
    page.wait_for_selector("[data-testid=org-status].status-accredited")
    page.click("[data-testid=publish-accredited]")
    page.wait_for_selector("text=✓")
    log_out(page)

    # The public register, without logging in, in both languages.
    page.goto(f"{demo}/public/LA/sending-organisations/")
    if page.locator("[data-testid=lang-ja]").count():  # the language cookie may say English
        page.click("[data-testid=lang-ja]")
    page.wait_for_selector("html[lang=ja]")
    row = page.locator("[data-testid=register] tr[data-licence='MOLSW-2026-017']")
    assert "ラオ人材送出株式会社" in row.inner_text()
    assert "認定送出機関" in page.locator("h1").inner_text()
    page.click("[data-testid=lang-en]")
    page.wait_for_selector("html[lang=en]")
    assert "Accredited sending organisations" in page.locator("h1").inner_text()
    assert (
        "Lao Manpower Export"
        in page.locator("[data-testid=register] tr[data-licence='MOLSW-2026-017']").inner_text()
    )

    # The examiner verifies it.
    log_in(page, demo, "isa.examiner")
    page.goto(
        f"{demo}/verify/?agreement=LA&what=organisation&by=licence&number=molsw-2026-017&on={today.isoformat()}"
    )
    result = page.locator("[data-testid=verify-result]").inner_text()
    assert "MOLSW-2026-017" in result
    assert "ບໍລິສັດ" in result
    assert page.locator("[data-testid=verify-result] .ok").count() == 1
