import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from renkei.audit.models import AuditEvent
from renkei.audit.services import audit_append, audit_verify


def _append(n: int) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(
                audit_append(
                    actor=None,
                    action="test.event",
                    object_type="test",
                    object_id=str(i),
                    object_repr=f"event {i} 日本語",
                    agreement_code="LA",
                    after={"i": i, "text": "送出機関"},
                )
            )
    return events


@pytest.mark.django_db
def test_events_link_to_their_predecessor():
    events = _append(3)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert audit_verify().ok
    assert audit_verify().checked == 3


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit_append(actor=None, action="x", object_type="t", object_id="1")
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_orm_cannot_update_or_delete_an_event():
    (event,) = _append(1)
    event.action = "changed"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.django_db(transaction=True)
def test_raw_sql_edit_is_found_and_named(capsys):
    events = _append(4)
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET object_repr = %s WHERE seq = %s", ["tampered", events[2].seq]
        )
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == 3
    with pytest.raises(CommandError, match="event #3"):
        call_command("audit", "verify")


@pytest.mark.django_db(transaction=True)
def test_raw_sql_delete_of_a_middle_or_last_event_is_found():
    events = _append(4)
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE seq = %s", [events[1].seq])
    assert audit_verify().broken_seq == 3
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE seq >= %s", [events[1].seq])
    result = audit_verify()
    assert not result.ok and "missing" in result.reason


@pytest.mark.django_db
def test_verify_command_reports_intact_chain(capsys):
    _append(2)
    call_command("audit", "verify")
    assert "2 events verified" in capsys.readouterr().out
