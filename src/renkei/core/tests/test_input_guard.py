"""Hostile input answers 4xx, in the reader's language, and writes nothing: huge page numbers,
control characters in any string of any request, bodies and files over their limits."""

import io

import orjson
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory

from renkei.accounts.services import api_token_create
from renkei.core.input_guard import (
    AttachmentLimitUploadHandler,
    InputGuardMiddleware,
    UploadTooLarge,
)
from renkei.exchange.models import Attachment, Exchange
from renkei.exchange.tests.factories import MISCONDUCT_DETAILS, sent

LIST = "/api/v1/agreements/LA/exchanges"


@pytest.fixture
def la(demo_users):
    secret = api_token_create(actor=None, user=demo_users["la.contact"], name="t")[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.parametrize(
    "page", ["100000000000000000000", "9223372036854775807", "101", "0", "-1", "1e20"]
)
def test_page_numbers_out_of_bounds_are_a_422_not_a_500(demo_users, client, la, page):
    response = client.get(LIST, {"page": page}, **la)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("per_page", ["0", "101", "9223372036854775808"])
def test_per_page_out_of_bounds_is_a_422(demo_users, client, la, per_page):
    assert client.get(LIST, {"per_page": per_page}, **la).status_code == 422


def test_a_page_past_the_last_is_empty(demo_users, client, la):
    sent(demo_users["isa.contact"])
    data = client.get(LIST, {"page": "100"}, **la).json()
    assert data["count"] == 1
    assert data["items"] == []


@pytest.mark.parametrize(
    ("page", "status"),
    [("1e20", 200), ("abc", 200), ("100000000000000000000", 404), ("101", 404)],
)
def test_list_pages_take_any_page_number(demo_users, client, page, status):
    client.force_login(demo_users["la.contact"])
    assert client.get("/work/LA/exchanges/", {"page": page}).status_code == status


@pytest.mark.parametrize("value", ["a\x00b", "bell\x07", "esc\x1b[31m", "c1\x85"])
def test_control_characters_in_a_query_are_refused_in_the_readers_language(
    demo_users, client, la, value
):
    english = client.get(LIST, {"text": value}, HTTP_ACCEPT_LANGUAGE="en", **la)
    assert english.status_code == 400
    error = english.json()["error"]
    assert error["code"] == "control_characters"
    assert error["details"] == {"field": "text"}
    assert "control characters" in error["message"]
    japanese = client.get(LIST, {"text": value}, HTTP_ACCEPT_LANGUAGE="ja", **la)
    assert "制御文字" in japanese.json()["error"]["message"]


def test_tab_and_newline_are_text(demo_users, client, la):
    assert client.get(LIST, {"text": "a\tb\nc"}, **la).status_code == 200


def _report(**changes):
    details = orjson.loads(orjson.dumps(MISCONDUCT_DETAILS))
    body = {
        "type": "misconduct_report",
        "subject": "Deposits",
        "body": "Facts.",
        "details": details,
    }
    body.update(changes)
    return body


def test_nul_deep_inside_a_json_body_is_refused_and_nothing_is_written(demo_users, client, la):
    body = _report()
    body["details"]["intermediaries"][0]["names"].append("Lao\u0000Export")
    response = client.post(LIST, body, content_type="application/json", **la)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "control_characters"
    assert error["details"]["field"] == "details.intermediaries[0].names[2]"
    assert not Exchange.objects.exists()


def test_nul_in_a_json_key_is_refused(demo_users, client, la):
    body = _report(details={"bad\u0000key": 1})
    response = client.post(LIST, body, content_type="application/json", **la)
    assert response.json()["error"]["code"] == "control_characters"


@pytest.mark.parametrize(
    "raw", [b'{"subject": "\\ud800"}', b'{"subject": "\xff"}', b"{not json", b"\x00"]
)
def test_malformed_json_is_a_translated_400(demo_users, client, la, raw):
    response = client.post(
        LIST, raw, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ja", **la
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"
    assert not Exchange.objects.exists()


class _Untouchable(io.RawIOBase):
    def read(self, *args):  # pragma: no cover - reached only if the guard failed
        raise AssertionError("the body was read")


def test_an_oversized_body_is_refused_before_it_is_read(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    request = RequestFactory().post(LIST, b"{}", content_type="application/json")
    request.META["CONTENT_LENGTH"] = str(10 * 1024 * 1024)
    request._stream = _Untouchable()
    response = InputGuardMiddleware(lambda r: HttpResponse())(request)
    assert response.status_code == 413
    assert orjson.loads(response.content)["error"]["code"] == "request_too_large"


def test_an_oversized_body_through_the_stack_is_413(demo_users, client, la, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = _report(body="x" * 5000)
    response = client.post(LIST, body, content_type="application/json", **la)
    assert response.status_code == 413
    assert not Exchange.objects.exists()


def test_the_upload_handler_stops_at_the_limit(settings):
    settings.RENKEI_ATTACHMENT_MAX_BYTES = 1000
    handler = AttachmentLimitUploadHandler()
    handler.new_file("file", "big.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    with pytest.raises(UploadTooLarge):
        handler.receive_data_chunk(b"x" * 600, 600)


def test_an_oversized_upload_is_a_413_and_stores_nothing(demo_users, client, la, settings):
    settings.RENKEI_ATTACHMENT_MAX_BYTES = 1024
    exchange = sent(demo_users["la.contact"])
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 200_000)
    response = client.post(f"/api/v1/exchanges/{exchange.pk}/attachments", {"file": big}, **la)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"
    assert not Attachment.objects.exists()


def test_control_characters_in_a_file_name_are_stripped(demo_users, client, la):
    # Django's multipart parser drops unprintable characters from file names before anything
    # sees them; the guard refuses any that would get through.
    exchange = sent(demo_users["la.contact"])
    upload = SimpleUploadedFile("evil\x07\x00.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(f"/api/v1/exchanges/{exchange.pk}/attachments", {"file": upload}, **la)
    assert response.status_code == 201
    assert Attachment.objects.get().original_name == "evil.pdf"


def test_a_form_with_a_nul_byte_gets_a_translated_page_and_writes_nothing(demo_users, client):
    client.force_login(demo_users["la.contact"])
    response = client.post(
        "/work/LA/exchanges/new/inquiry/",
        {"subject": "Question", "body": "What\x00now?"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert b"control characters" in response.content
    assert b"Nothing was saved" in response.content
    assert not Exchange.objects.exists()


@pytest.mark.parametrize("path", ["/api/v1/agreements/L%00A", "/agreements/L%00A/"])
def test_control_characters_in_the_address_are_refused(agreements, client, path):
    assert client.get(path).status_code == 400


def test_a_token_with_a_nul_byte_is_refused(agreements, client):
    response = client.get(LIST, HTTP_AUTHORIZATION="Bearer rk_\x00abc")
    assert response.status_code == 400
