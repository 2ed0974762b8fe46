"""The screening page in a real browser: a contact point checks a name written in Lao, confirms
the hit the register raised, and finds the link on the organisation's page; another partner's
contact point sees none of it."""

import pytest

from tests.browser.conftest import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _two_organisations_sharing_an_officer():
    from renkei.accounts.models import User
    from renkei.registry.tests.factories import organisation

    la = User.objects.get(username="la.contact")
    first = organisation(la, licence="LA-SCR-1", officers=["Somsak Phanthavong"])
    second = organisation(
        la,
        licence="LA-SCR-2",
        name_original="ບໍລິສັດ ແຮງງານ ສາກົນ",
        name_latin="International Labour Sole Co., Ltd.",
        name_ja="インターナショナル労働",
        representative="Khamphone Sisouk",
        officers=["ສົມສັກ ພັນທະວົງ"],  # the same officer, written in Lao
    )
    return first, second


def test_check_confirm_and_see_the_link_and_another_partner_sees_nothing(demo, page):
    first, _second = _two_organisations_sharing_an_officer()

    log_in(page, demo, "la.contact")
    page.goto(f"{demo}/screening/?name=ສົມສັກ ພັນທະວົງ")
    candidates = page.locator("[data-testid=candidate]")
    assert "Somsak Phanthavong" in candidates.first.inner_text()
    assert "✓" in candidates.first.inner_text()  # at or above the threshold

    hit = page.locator("[data-testid=hit]", has_text="ສົມສັກ ພັນທະວົງ")
    assert "Somsak Phanthavong" in hit.inner_text()
    hit.locator("input[name=reason]").fill("Same officer: passport copy in both applications")
    hit.locator("[data-testid=confirm]").click()
    page.wait_for_selector("[role=status], .messages, [data-testid=hits]")
    page.goto(f"{demo}/screening/?status=confirmed")
    confirmed = page.locator("[data-testid=hit]", has_text="ສົມສັກ ພັນທະວົງ")
    assert "passport copy in both applications" in confirmed.inner_text()

    page.goto(f"{demo}/work/LA/registry/{first.pk}/")
    links = page.locator("[data-testid=screening-links]").inner_text()
    assert "ສົມສັກ ພັນທະວົງ" in links and "Somsak Phanthavong" in links
    log_out(page)

    log_in(page, demo, "kh.contact")
    page.goto(f"{demo}/screening/?status=confirmed")
    assert "ສົມສັກ" not in page.locator("main").inner_text()
    page.goto(f"{demo}/screening/?name=Somsak Phanthavong")
    assert "ສົມສັກ" not in page.locator("main").inner_text()
    assert page.locator("[data-testid=candidate]", has_text="Somsak").count() == 0
    assert page.goto(f"{demo}/work/LA/registry/{first.pk}/").status == 404


def test_a_name_of_emoji_is_answered_in_each_users_language(demo, page):
    # Japan's officials read Japanese, the partners' English (their preferred language).
    for username, expected in (("isa.contact", "絵文字"), ("la.contact", "emoji")):
        log_in(page, demo, username)
        page.goto(f"{demo}/screening/")
        page.fill("[data-testid=check-name]", "😀🙏")
        page.click("form.filters button[type=submit]")
        assert expected in page.locator("[data-testid=check-error]").inner_text()
        assert page.locator("[data-testid=candidates]").count() == 0
        log_out(page)
