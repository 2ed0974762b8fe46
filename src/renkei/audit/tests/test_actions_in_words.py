"""Every action the ledger can hold has words for pages, in both languages; the pages show the
words and keep the code as a tooltip."""

import ast
import importlib
from pathlib import Path

from django.utils import translation

from renkei.audit.actions import ACTION_LABELS, action_label
from renkei.audit.ledger import RESTORED_ACTION
from renkei.core.transitions import LifeCycle
from renkei.registry.status import EventKind

SOURCE = Path(__file__).resolve().parents[2]
LIFE_CYCLES = ("agreements", "consultations", "exchange", "registry", "screening")
REMINDERS = ("ack_due_soon", "ack_overdue", "answer_due_soon", "answer_overdue")


def _appended_in_source() -> set[str]:
    """Literal actions given to audit_append (action=...), and to audit_record and
    exchange_event (their second argument)."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "audit_append":
                values = [k.value for k in node.keywords if k.arg == "action"]
            elif name in ("audit_record", "exchange_event") and len(node.args) > 1:
                values = [node.args[1]]
            else:
                continue
            found |= {
                c.value
                for value in values
                for c in ast.walk(value)  # both branches of `a if new else b`
                if isinstance(c, ast.Constant)
                and isinstance(c.value, str)
                and not c.value.endswith(".")  # the fixed part of an f-string, added below
            }
    return found


def every_action() -> set[str]:
    actions = _appended_in_source()
    for app in LIFE_CYCLES:
        module = importlib.import_module(f"renkei.{app}.life_cycle")
        for table in vars(module).values():
            if isinstance(table, LifeCycle):
                actions |= set(table.created) | {row.action for row in table.transitions}
    actions |= {f"accreditation.{kind}" for kind in EventKind.ALL}
    actions |= {f"exchange.reminder.{event}" for event in REMINDERS}
    return actions | {RESTORED_ACTION}


def test_every_action_has_words_and_no_label_is_left_over():
    actions = every_action()
    assert len(actions) > 60  # the scan finds them
    assert actions - set(ACTION_LABELS) == set()
    assert set(ACTION_LABELS) - actions == set()


def test_the_words_exist_in_japanese_too():
    for action in ACTION_LABELS:
        with translation.override("ja"):
            japanese = action_label(action)
        with translation.override("en"):
            assert japanese != action_label(action), action


def test_the_workspace_shows_what_happened_in_words(demo_users, client):
    from renkei.exchange.tests.factories import sent

    exchange = sent(demo_users["isa.contact"])
    client.force_login(demo_users["isa.contact"])
    page = client.get("/work/LA/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'title="exchange.sent">Exchange sent<' in page
    detail = client.get(
        f"/work/LA/exchanges/{exchange.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'title="exchange.sent">Exchange sent<' in detail
