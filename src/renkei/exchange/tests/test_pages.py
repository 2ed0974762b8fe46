"""The pages: compose, act, reply, attach — and hostile text stored as given, escaped on output."""

from django.core.files.uploadedfile import SimpleUploadedFile

from renkei.exchange.models import Exchange, Status
from renkei.exchange.tests.factories import draft, sent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCRIPT = '<script>alert("x")</script>'


def test_compose_misconduct_report_and_send_from_the_page(demo_users, client):
    client.force_login(demo_users["la.contact"])
    page = client.get("/work/LA/exchanges/new/misconduct_report/")
    assert page.status_code == 200
    response = client.post(
        "/work/LA/exchanges/new/misconduct_report/",
        {
            "subject_en": "Deposits",
            "body_en": "Facts",
            "categories": ["a", "e"],
            "int0_kind": "corporation",
            "int0_country": "la",
            "int0_names": "ບໍລິສັດ ຕົວຢ່າງ\nSample Co.",
            "amount": "1200",
            "currency": "usd",
            "source_reliability": "B",
            "information_accuracy": "2",
            "files": [SimpleUploadedFile("evidence.pdf", PDF)],
            "send": "1",
        },
    )
    exchange = Exchange.objects.get()
    assert response.status_code == 302
    # Saved, then a summary to confirm: nothing leaves before that.
    assert response["Location"] == f"/work/LA/exchanges/{exchange.pk}/send/"
    assert exchange.status == Status.DRAFT and exchange.language == "en"
    summary = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ministry of Justice" in summary or "Immigration Services Agency" in summary
    assert 'data-testid="confirm-send"' in summary
    confirmed = client.post(response["Location"], {"step": "send"})
    assert confirmed["Location"] == f"/work/LA/exchanges/{exchange.pk}/"
    exchange.refresh_from_db()
    assert exchange.status == Status.SENT
    assert exchange.details["intermediaries"][0]["names"] == ["ບໍລິສັດ ຕົວຢ່າງ", "Sample Co."]
    assert exchange.attachments.count() == 1


def test_compose_errors_are_shown_and_nothing_is_written(demo_users, client):
    client.force_login(demo_users["la.contact"])
    response = client.post(
        "/work/LA/exchanges/new/misconduct_report/",
        {
            "subject_en": "x",
            "body_en": "y",
            "categories": ["z"],
            "int0_names": "A",
            "int0_kind": "corporation",
            "int0_country": "LA",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert b'data-testid="form-error"' in response.content
    assert not Exchange.objects.exists()
    html = response.content.decode()
    # The error is also beside the field it concerns, and what was typed is still there.
    conduct = html.split("Conduct (MOC §4(1))")[1].split("</fieldset>")[0]
    assert 'data-testid="field-error"' in conduct
    assert 'name="subject_en" maxlength="200" value="x"' in html
    missing = client.post(
        "/work/LA/exchanges/new/misconduct_report/",
        {"body_en": "y", "categories": ["a"], "int0_names": "A"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    before_subject = missing.split('name="subject_en"')[0].rsplit("<fieldset", 1)[1]
    assert 'data-testid="field-error"' in before_subject and "Subject is required" in missing


def test_type_not_provided_page(demo_users, client):
    client.force_login(demo_users["isa.contact"])
    assert client.get("/work/PK/exchanges/new/referral/").status_code == 404
    assert client.get("/work/PK/exchanges/new/no_such_type/").status_code == 404


def test_script_tags_are_stored_as_given_and_escaped_on_pages(demo_users, client):
    la = demo_users["la.contact"]
    exchange = sent(la, subject=SCRIPT, body=SCRIPT)
    from renkei.exchange import services

    services.exchange_reply(
        language="en", actor=demo_users["isa.contact"], exchange=exchange, body=SCRIPT
    )
    exchange.refresh_from_db()
    assert exchange.subject == SCRIPT and exchange.body == SCRIPT
    for user in ("la.contact", "isa.contact"):
        client.force_login(demo_users[user])
        for url in (f"/work/LA/exchanges/{exchange.pk}/", "/work/LA/exchanges/?box=all"):
            html = client.get(url).content.decode()
            assert SCRIPT not in html
            assert "&lt;script&gt;" in html


def test_actions_and_reply_through_the_pages(demo_users, client):
    exchange = sent(demo_users["la.contact"])
    client.force_login(demo_users["isa.contact"])
    assert client.post(f"/work/LA/exchanges/{exchange.pk}/do/acknowledge/").status_code == 302
    url = f"/work/LA/exchanges/{exchange.pk}/reply/"
    # First the summary (nothing written), then the confirmed send.
    summary = client.post(url, {"body_en": "Answer", "is_answer": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert 'data-testid="reply-summary"' in summary.content.decode()
    assert "Lao People&#x27;s Democratic Republic" in summary.content.decode()  # to whom
    exchange.refresh_from_db()
    assert exchange.status == Status.ACKNOWLEDGED and not exchange.replies.exists()
    japanese_only = client.post(url, {"body_ja": "回答"}, HTTP_ACCEPT_LANGUAGE="en")
    assert japanese_only.status_code == 400  # refused at the summary already
    client.post(url, {"body_en": "Answer", "is_answer": "1", "confirmed": "1"})
    exchange.refresh_from_db()
    assert exchange.status == Status.ANSWERED
    again = client.post(
        f"/work/LA/exchanges/{exchange.pk}/do/acknowledge/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert again.status_code == 409
    assert b'data-testid="action-error"' in again.content
    assert client.post(f"/work/LA/exchanges/{exchange.pk}/do/explode/").status_code == 404


def test_drafts_box_and_inbox(demo_users, client):
    draft(demo_users["la.contact"], subject="My draft")
    client.force_login(demo_users["la.contact"])
    assert "My draft" in client.get("/work/LA/exchanges/?box=drafts").content.decode()
    client.force_login(demo_users["isa.contact"])
    assert "My draft" not in client.get("/work/LA/exchanges/?box=all").content.decode()


def test_list_query_count_does_not_grow_with_rows(
    demo_users, client, django_assert_max_num_queries
):
    for _ in range(3):
        sent(demo_users["la.contact"])
    client.force_login(demo_users["isa.contact"])
    with django_assert_max_num_queries(12) as few:
        client.get("/work/LA/exchanges/?box=all")
    for _ in range(10):
        sent(demo_users["la.contact"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/work/LA/exchanges/?box=all")


def test_dashboard_counts_and_chart(demo_users, client):
    from datetime import timedelta

    from django.utils import timezone

    from renkei.exchange import services

    late = sent(demo_users["la.contact"])
    Exchange.objects.filter(pk=late.pk).update(
        acknowledge_due_at=timezone.now() - timedelta(days=1)
    )
    answered = sent(demo_users["la.contact"])
    services.exchange_reply(
        language="en", actor=demo_users["isa.contact"], exchange=answered, body="A", is_answer=True
    )
    client.force_login(demo_users["isa.contact"])
    page = client.get("/work/LA/exchanges/dashboard/").content.decode()
    assert 'data-testid="dashboard"' in page and "<svg" in page
    assert "<h2>2件</h2>" in page  # counts with their unit
    english = client.get("/work/LA/exchanges/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    assert "<h2>2 exchanges</h2>" in english.content.decode()
    from renkei.exchange.selectors import dashboard_for

    board = dashboard_for(demo_users["isa.contact"], "LA")
    assert (board.open, board.overdue) == (2, 1)
    assert board.median_hours_to_answer is not None
    assert sum(n for _w, n in board.sent_per_week) == 2


def test_filters_answer_htmx_with_the_rows_only(demo_users, client):
    sent(demo_users["la.contact"], subject="Passport confiscation")
    sent(demo_users["la.contact"], subject="Fee without breakdown")
    client.force_login(demo_users["isa.contact"])
    partial = client.get(
        "/work/LA/exchanges/?box=all&q=passport", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in partial
    assert "Passport confiscation" in partial and "Fee without breakdown" not in partial


def test_script_tags_in_details_and_consent_fields_are_escaped(demo_users, client):
    import datetime

    from renkei.exchange import services
    from renkei.exchange.tests.factories import MISCONDUCT_DETAILS

    details = {
        **MISCONDUCT_DETAILS,
        "intermediaries": [{**MISCONDUCT_DETAILS["intermediaries"][0], "names": [SCRIPT]}],
    }
    exchange = sent(demo_users["la.contact"], details=details)
    services.consent_record(
        actor=demo_users["la.contact"],
        exchange=exchange,
        recipient_kind="agency",
        recipient_name=SCRIPT,
        purpose=SCRIPT,
        reference_number=SCRIPT,
        consent_date=datetime.date(2026, 11, 1),
    )
    client.force_login(demo_users["isa.contact"])
    html = client.get(f"/work/LA/exchanges/{exchange.pk}/").content.decode()
    assert SCRIPT not in html
    assert html.count("&lt;script&gt;") >= 4


def test_handling_restrictions_read_in_words_not_codes(demo_users, client):
    import html

    from renkei.exchange.tests.factories import sent

    exchange = sent(demo_users["isa.contact"], handling_restrictions=["contact_point_only"])
    client.force_login(demo_users["la.contact"])
    page = client.get(
        f"/work/LA/exchanges/{exchange.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    restriction = html.unescape(page.split('data-testid="restriction">')[1].split("<")[0])
    assert restriction == "Recipient's contact point only"
    assert 'title="contact_point_only"' in page


def test_pickers_and_another_intermediary_keep_what_was_typed(demo_users, client):
    client.force_login(demo_users["la.contact"])
    url = "/work/LA/exchanges/new/misconduct_report/"
    form = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="LA" selected>Laos</option>' in form  # the partner first, by name
    assert "(LAK)</option>" in form and "US Dollar (USD)</option>" in form
    assert form.count('data-testid="intermediary"') == 1
    more = client.post(
        url,
        {
            "subject_en": "Deposits",
            "int_rows": "1",
            "int0_names": "Sample Co.",
            "categories": ["a", "e"],
            "more": "int_rows",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = more.content.decode()
    assert more.status_code == 200 and html.count('data-testid="intermediary"') == 2
    assert "Sample Co." in html and 'value="Deposits"' in html
    assert html.count("checked") >= 2  # both categories still ticked
    assert not Exchange.objects.exists()  # nothing saved by asking for another block


def test_amounts_and_countries_read_in_words(demo_users, client):
    exchange = sent(demo_users["la.contact"])
    client.force_login(demo_users["isa.contact"])
    page = client.get(f"/work/LA/exchanges/{exchange.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "USD\u00a01,500" in html and "Laos" in html


def test_a_print_view_shows_the_record_without_the_forms(demo_users, client):
    exchange = sent(demo_users["la.contact"])
    client.force_login(demo_users["isa.contact"])
    url = f"/work/LA/exchanges/{exchange.pk}/"
    assert 'data-testid="print-view"' in client.get(url).content.decode()
    printed = client.get(url + "?view=print", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<body class="print">' in printed
    assert "Printed from renkei on" in printed and exchange.body in printed
