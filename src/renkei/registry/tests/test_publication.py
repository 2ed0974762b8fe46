import json
from datetime import date

from renkei.registry import services
from renkei.registry.models import AccreditationEvent
from renkei.registry.tests.factories import accredited


def publish_all(actor, org):
    for event in org.events.filter(kind__in=AccreditationEvent.PUBLIC_KINDS):
        services.accreditation_approve(actor=actor, event=event)


def test_nothing_is_public_before_approval(demo_users, client):
    org = accredited(demo_users["la.contact"])
    page = client.get("/public/LA/sending-organisations/?on=2025-06-01").content.decode()
    assert org.licence_number not in page
    publish_all(demo_users["la.contact"], org)
    page = client.get("/public/LA/sending-organisations/?on=2025-06-01").content.decode()
    assert org.licence_number in page
    assert "ບໍລິສັດ" in page and "ラオ人材送出株式会社" in page


def test_only_public_fields_and_only_public_events(demo_users, client):
    la = demo_users["la.contact"]
    org = accredited(la, phone="+856 20 999 9999")
    services.accreditation_record(
        actor=la, organisation=org, kind="under_investigation", effective_date=date(2025, 3, 1)
    )
    publish_all(la, org)
    data = json.loads(
        client.get("/public/LA/sending-organisations/?on=2025-06-01&format=json").content
    )
    assert data["as_of"] == "2025-06-01"
    (item,) = data["items"]
    assert "phone" not in item and "Somchai" not in json.dumps(item)
    assert item["status"] == "accredited"  # the investigation is not public


def test_as_of_any_date_and_revocations(demo_users, client):
    la = demo_users["la.contact"]
    org = accredited(la)
    services.accreditation_record(
        actor=la,
        organisation=org,
        kind="revoked",
        effective_date=date(2025, 9, 1),
        reason="Deposits taken",
    )
    publish_all(la, org)
    before = client.get("/public/LA/sending-organisations/?on=2025-08-31").content.decode()
    after = client.get("/public/LA/sending-organisations/?on=2025-09-02").content.decode()
    assert org.licence_number in before and org.licence_number not in after
    revocations = client.get("/public/LA/revocations/?on=2025-09-02").content.decode()
    assert org.licence_number in revocations and "2025-09-01" in revocations


def test_search_by_name_in_any_script_or_licence(demo_users, client):
    la = demo_users["la.contact"]
    publish_all(la, accredited(la, licence="LA-1"))
    publish_all(
        la,
        accredited(
            la, licence="LA-2", name_original="ບໍລິສັດ ອື່ນ", name_latin="Other Co.", name_ja="他社"
        ),
    )

    def count(q):
        return int(
            client.get(f"/public/LA/sending-organisations/?on=2025-06-01&q={q}")
            .content.decode()
            .split('data-testid="count">')[1]
            .split("<")[0]
        )

    assert count("manpower") == 1
    assert count("他社") == 1
    assert count("ບໍລິສັດ") == 2
    assert count("la-2") == 1 and count("ＬＡ－２") == 1


def test_downloads_neutralise_formulas_and_keep_scripts_as_text(demo_users, client):
    la = demo_users["la.contact"]
    publish_all(
        la,
        accredited(
            la, name_original='=HYPERLINK("http://x")', name_latin="<script>alert(1)</script>"
        ),
    )
    csv_text = client.get(
        "/public/LA/sending-organisations/?on=2025-06-01&format=csv"
    ).content.decode("utf-8-sig")
    assert (
        "'=HYPERLINK" in csv_text
        and "\n=HYPERLINK" not in csv_text
        and ",=HYPERLINK" not in csv_text
    )
    from io import BytesIO

    from openpyxl import load_workbook

    url = "/public/LA/sending-organisations/?on=2025-06-01&format=xlsx"
    sheet = load_workbook(BytesIO(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    # People open the spreadsheet: its columns are named in their language, its sheet by date.
    assert sheet.title == "2025-06-01"
    assert cells[:2] == ["Licence number", "Name (original)"]
    assert '\'=HYPERLINK("http://x")' in cells
    japanese = load_workbook(BytesIO(client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content)).active
    assert next(japanese.iter_rows(values_only=True))[0] == "許可番号"
    html = client.get("/public/LA/sending-organisations/?on=2025-06-01").content.decode()
    assert "<script>alert(1)</script>" not in html


def test_public_pages_in_japanese_and_english(demo_users, client):
    publish_all(demo_users["la.contact"], accredited(demo_users["la.contact"]))
    ja = client.get(
        "/public/LA/sending-organisations/?on=2025-06-01", HTTP_ACCEPT_LANGUAGE="ja"
    ).content.decode()
    en = client.get(
        "/public/LA/sending-organisations/?on=2025-06-01", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "認定送出機関" in ja and "Accredited sending organisations" in en


def test_only_a_partner_publisher_releases(demo_users):
    import pytest

    from renkei.core.errors import PermissionDenied

    org = accredited(demo_users["la.contact"])
    event = org.events.get(kind="accredited")
    with pytest.raises(PermissionDenied):
        services.accreditation_approve(actor=demo_users["isa.publisher"], event=event)


def test_the_csv_starts_with_its_column_names_and_says_its_date_in_its_name(demo_users, client):
    import csv
    import io

    la = demo_users["la.contact"]
    publish_all(la, accredited(la))
    answer = client.get("/public/LA/sending-organisations/?on=2025-06-01&format=csv")
    assert 'filename="' in answer["Content-Disposition"]
    assert "2025-06-01.csv" in answer["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows and rows[0]["licence_number"] == "LA-SO-001"
    assert "as_of" not in rows[0]


def test_the_public_register_pages_further_than_the_exchange_lists(demo_users, client):
    # Its pages are cut from names already read and sorted, so a deep page costs no offset:
    # the bound is the public register's own, not the exchange lists' first 100 pages.
    from renkei.core.pages import MAX_LISTED_PAGE, MAX_PAGE

    register = "/public/LA/sending-organisations/?on=2025-06-01&page="
    assert client.get(f"{register}{MAX_PAGE + 1}").status_code == 200
    assert client.get(f"{register}{MAX_LISTED_PAGE}").status_code == 200
    assert client.get(f"{register}{MAX_LISTED_PAGE + 1}").status_code == 404
