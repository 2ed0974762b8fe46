import shutil

import pytest

from renkei.agreements.data_files import DATA_DIR, DataFileError
from renkei.agreements.models import Agreement, Provision
from renkei.agreements.services import agreements_load
from renkei.audit.models import AuditEvent


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = agreements_load()
    assert sorted(first.created) == ["KG", "KH", "LA", "PK", "TJ"]
    events = AuditEvent.objects.count()
    provisions = list(Provision.objects.order_by("pk").values_list("pk", flat=True))
    second = agreements_load()
    assert second.created == [] and second.updated == []
    assert sorted(second.unchanged) == ["KG", "KH", "LA", "PK", "TJ"]
    assert AuditEvent.objects.count() == events
    assert list(Provision.objects.order_by("pk").values_list("pk", flat=True)) == provisions


@pytest.mark.django_db
def test_changed_data_file_updates_and_is_audited(tmp_path):
    agreements_load()
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    la = tmp_path / "LA.toml"
    la.write_text(
        la.read_text(encoding="utf-8").replace('status = "in_force"', 'status = "terminated"'),
        encoding="utf-8",
    )
    report = agreements_load(directory=tmp_path)
    assert report.updated == ["LA"]
    assert Agreement.objects.get(code="LA").status == "terminated"
    assert AuditEvent.objects.filter(action="agreement.updated", agreement_code="LA").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "old,new,message",
    [
        ('key = "inquiries"', 'key = "inquries"', "unknown provision key"),
        ("months = 6", 'months = 6, extra = "x"', "takes the parameters months"),
        ("months = 6", 'months = "six"', "months is a whole number"),
        ('rule = "on_signature"', 'rule = "<script>"', "rule is one of"),
        ('status = "in_force"', 'status = "DROP TABLE"', "status must be"),
        ("signed_on = 2023-06-28", 'signed_on = "yesterday"', "signed_on must be a date"),
    ],
)
def test_bad_data_file_is_refused_and_nothing_is_written(tmp_path, old, new, message):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    kg = tmp_path / "KG.toml"
    text = kg.read_text(encoding="utf-8")
    assert old in text
    kg.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        agreements_load(directory=tmp_path)
    assert Agreement.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_malformed_toml_is_refused(tmp_path):
    (tmp_path / "XX.toml").write_text("code = 'XX\n[[[", encoding="utf-8")
    with pytest.raises(DataFileError):
        agreements_load(directory=tmp_path)
    assert Agreement.objects.count() == 0
