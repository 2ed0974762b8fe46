import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from renkei.audit.models import AuditEvent
from renkei.core.errors import ApplicationError
from renkei.exchange.models import Exchange
from renkei.registry.models import SupportOrganisation, SupportOrgListVersion
from renkei.registry.support_list import support_org_list_share, support_orgs_import
from renkei.registry.tasks import support_orgs_screen

HEADER = [
    "登録番号",
    "登録年月日",
    "氏名又は名称",
    "郵便番号",
    "住所",
    "電話番号",
    "代表者の氏名",
    "支援を行う事務所の所在地",
    "支援業務開始予定年月日",
    "対応可能言語",
    "備考",
]


def row(n, name="株式会社サポート", **over):
    values = [
        f"19登-{n:06d}",
        "2019/04/01",
        f"{name}{n}",
        "100-0001",
        "東京都千代田区",
        "03-0000-0000",
        "山田太郎",
        "東京都",
        "令和元年5月1日",
        "ラオス語、英語",
        "",
    ]
    for index, value in over.items():
        values[int(index)] = value
    return values


def csv_bytes(rows, encoding="utf-8", title="2026年11月1日現在"):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title])
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["登録支援機関一覧（2026年11月1日現在）"])
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_in_utf8_bom_and_shift_jis(encoding):
    report = support_orgs_import(
        actor=None, content=csv_bytes([row(1), row(2)], encoding), filename="list.csv"
    )
    assert report.version.rows == 2 and report.version.as_of == date(2026, 11, 1)
    org = SupportOrganisation.objects.get(registration_number="19登-000001")
    assert org.name == "株式会社サポート1"
    assert org.support_start == date(2019, 5, 1)  # 令和元年
    assert org.expires_on == date(2024, 4, 1)


@pytest.mark.django_db
def test_xlsx_and_idempotent_reimport_with_diff(django_capture_on_commit_callbacks):
    first = support_orgs_import(
        actor=None, content=xlsx_bytes([row(1), row(2), row(3)]), filename="list.xlsx"
    )
    assert first.version.added == ["19登-000001", "19登-000002", "19登-000003"]
    again = support_orgs_import(
        actor=None, content=xlsx_bytes([row(1), row(2), row(3)]), filename="list.xlsx"
    )
    assert again.unchanged and SupportOrgListVersion.objects.count() == 1
    events = AuditEvent.objects.latest("seq").seq
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        nxt = support_orgs_import(
            actor=None,
            content=xlsx_bytes([row(1), row(2, name="改名"), row(4)]),
            filename="list.xlsx",
            as_of=date(2026, 12, 1),
        )
    assert (nxt.version.added, nxt.version.changed, nxt.version.removed) == (
        ["19登-000004"],
        ["19登-000002"],
        ["19登-000003"],
    )
    assert not SupportOrganisation.objects.get(registration_number="19登-000003").on_list
    actions = AuditEvent.objects.filter(seq__gt=events).values_list("action", flat=True)
    assert list(actions) == ["support_list.imported"]
    # The added and changed rows are screened in the worker, not in the import.
    # One task queued (the ledger's journal line is the other callback on commit).
    queued = [c for c in callbacks if "journal" not in c.__qualname__]
    assert len(queued) == 1
    assert support_orgs_screen.call(["19登-000004", "19登-000002"]) >= 1
    # every row has the same representative (山田太郎): screening queues that for review
    actions = AuditEvent.objects.filter(seq__gt=events).values_list("action", flat=True)
    assert list(actions) == ["support_list.imported", "screening.run"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content,code",
    [
        (csv_bytes([row(1), row(1)]), "duplicate_registration"),
        (csv_bytes([row(1, **{"0": "ABC"})]), "invalid_rows"),
        (csv_bytes([row(1, **{"1": "not a date"})]), "invalid_rows"),
        ("名前,住所\nx,y\n".encode(), "missing_columns"),
        ("登録番号,住所\n19登-000001,y\n".encode(), "missing_columns"),
        (b"\xff\xfe\x00\x01garbage\x80\x81", "unreadable_file"),
    ],
)
def test_bad_files_are_refused_and_write_nothing(content, code):
    with pytest.raises(ApplicationError) as excinfo:
        support_orgs_import(
            actor=None, content=content, filename="list.csv", as_of=date(2026, 11, 1)
        )
    assert excinfo.value.code == code
    assert not SupportOrganisation.objects.exists() and not SupportOrgListVersion.objects.exists()


@pytest.mark.django_db
def test_a_50_mb_file_is_refused():
    with pytest.raises(ApplicationError) as excinfo:
        support_orgs_import(actor=None, content=b"0" * (50 * 1024 * 1024), filename="list.csv")
    assert excinfo.value.code == "file_too_large"


@pytest.mark.django_db
def test_formulas_and_script_tags_are_kept_as_text():
    content = csv_bytes([row(1, **{"2": "=cmd|' /C calc'!A0", "10": "<script>alert(1)</script>"})])
    support_orgs_import(actor=None, content=content, filename="list.csv")
    org = SupportOrganisation.objects.get()
    assert org.name == "=cmd|' /C calc'!A0" and org.remarks == "<script>alert(1)</script>"


@pytest.mark.django_db
def test_command(tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([row(1)], "cp932"))
    call_command("support-orgs", "import", str(path))
    assert "1 added" in capsys.readouterr().out
    call_command("support-orgs", "import", str(path))
    assert "unchanged" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("support-orgs", "import", str(tmp_path / "missing.csv"))


def test_sharing_a_version_is_a_notice_with_the_diff(demo_users):
    version = support_orgs_import(
        actor=demo_users["isa.contact"], content=csv_bytes([row(1), row(2)]), filename="l.csv"
    ).version
    support_org_list_share(actor=demo_users["isa.contact"], version=version, agreement_code="KH")
    notice = Exchange.objects.get(agreement__code="KH")
    assert notice.details["notice_kind"] == "support_org_list" and "+ 19登-000001" in notice.body
    from renkei.registry.services import NotProvided

    with pytest.raises(NotProvided):
        support_org_list_share(
            actor=demo_users["isa.contact"], version=version, agreement_code="PK"
        )
