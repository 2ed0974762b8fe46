import re

import pytest

from tests.browser.conftest import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_report_acknowledge_answer_accept_and_nobody_else_gets_in(demo, page, tmp_path):
    evidence = tmp_path / "receipt.pdf"
    evidence.write_bytes(PDF)

    # Laos files a misconduct report with evidence.
    log_in(page, demo, "la.contact")
    page.goto(f"{demo}/work/LA/exchanges/")
    page.click("[data-testid=compose-misconduct_report]")
    page.fill("input[name=subject_en]", "Deposits taken by a broker in Vientiane")
    page.check("input[name=categories][value=a]")
    page.select_option("select[name=int0_country]", "LA")
    page.fill("textarea[name=int0_names]", "ບໍລິສັດ ຕົວຢ່າງ\nSample Recruitment Co.")
    page.fill("textarea[name=body_en]", "Twelve candidates paid USD 1,500 each as a 'guarantee'.")
    page.set_input_files("input[name=files]", str(evidence))
    page.click("[data-testid=save-and-send]")
    # Nothing leaves before the summary: to whom, in which languages, with which files.
    summary = page.locator("[data-testid=send-summary]").inner_text()
    assert "Immigration Services Agency" in summary and "receipt.pdf" in summary
    page.click("[data-testid=confirm-send]")
    page.wait_for_selector("[data-testid=status]")
    assert page.locator("[data-testid=status]").get_attribute("class").endswith("status-sent")
    assert "receipt.pdf" in page.locator("[data-testid=attachments]").inner_text()
    exchange_url = page.url
    assert re.search(r"/work/LA/exchanges/\d+/$", exchange_url)
    log_out(page)

    # Japan finds it in the inbox, acknowledges and answers.
    log_in(page, demo, "isa.contact")
    page.goto(f"{demo}/work/LA/exchanges/?box=inbox")
    row = page.locator("[data-testid=exchange-rows] tr[data-reference]").first
    assert "Deposits taken by a broker" in row.inner_text()
    row.locator("a").click()
    page.click("[data-testid=do-acknowledge]")
    page.wait_for_selector(".status-acknowledged")
    page.fill("textarea[name=body_ja]", "当該仲介機関は地方局が調査中です。")
    page.fill("textarea[name=body_en]", "The broker is under investigation by the Regional Bureau.")
    page.check("input[name=is_answer]")
    page.click("[data-testid=send-reply]")
    assert "ラオス" in page.locator("[data-testid=reply-summary]").inner_text()  # to whom
    page.click("[data-testid=confirm-reply]")
    page.wait_for_selector(".status-answered")
    assert "地方局が調査中" in page.locator("[data-testid=thread]").inner_text()
    log_out(page)

    # Laos reads the answer in English and accepts it.
    log_in(page, demo, "la.contact")
    page.goto(exchange_url)
    assert "Regional Bureau" in page.locator("[data-testid=thread]").inner_text()
    page.click("[data-testid=do-accept]")
    page.wait_for_selector(".status-accepted")
    log_out(page)

    # Cambodia cannot reach it, nor its attachment, by URL.
    log_in(page, demo, "kh.contact")
    response = page.goto(exchange_url)
    assert response.status == 404
    assert "Deposits taken" not in page.content()
    response = page.goto(exchange_url.replace("/work/LA/", "/work/KH/"))
    assert response.status == 404
