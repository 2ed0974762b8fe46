import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_laos_contact_sees_only_laos_and_switches_language(demo, page):
    page.goto(f"{demo}/accounts/login/")
    page.fill("input[name=username]", "la.contact")
    page.fill("input[name=password]", "renkei-demo-2026")
    page.click("form.stack button[type=submit]")
    cards = page.locator("[data-testid=my-agreements] [data-agreement]")
    cards.first.wait_for()
    assert [cards.nth(i).get_attribute("data-agreement") for i in range(cards.count())] == ["LA"]
    # A partner user's pages come in English first.
    assert page.locator("html").get_attribute("lang") == "en"
    # Their home: what needs them first, then their agreements.
    assert "Needs my attention" in page.locator("h1").inner_text()
    assert "My agreements" in page.locator("h2").all_inner_texts()

    page.click("[data-testid=lang-ja]")
    page.wait_for_selector("html[lang=ja]")
    assert "要対応" in page.locator("h1").inner_text()
    assert "担当する協力覚書" in page.locator("h2").all_inner_texts()
    assert "ラオス人民民主共和国" in page.locator("[data-agreement=LA]").inner_text()

    page.click("[data-testid=lang-en]")
    page.wait_for_selector("html[lang=en]")
    assert "Needs my attention" in page.locator("h1").inner_text()

    # Another agreement's workspace is simply not there.
    response = page.goto(f"{demo}/work/KH/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Not found"
    response = page.goto(f"{demo}/work/LA/")
    assert response.status == 200
