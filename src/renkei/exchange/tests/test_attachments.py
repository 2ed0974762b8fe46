import hashlib

import pytest

from renkei.core.errors import ApplicationError, NotFound
from renkei.exchange import services
from renkei.exchange.models import Attachment
from renkei.exchange.tests.factories import draft, sent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 100
HTML = b"<html><script>alert(1)</script></html>"


def test_pdf_is_stored_outside_the_web_root_with_its_hash(demo_users, settings):
    exchange = sent(demo_users["la.contact"])
    attachment = services.attachment_add(
        actor=demo_users["la.contact"], exchange=exchange, name="evidence.pdf", content=PDF
    )
    assert attachment.content_type == "application/pdf"
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    path = attachment.file.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))
    with open(path, "rb") as stored:
        assert stored.read() == PDF


@pytest.mark.parametrize(
    "content,name", [(EXE, "invoice.pdf"), (ELF, "scan.png"), (b"\x00\x01\x02binary", "notes.txt")]
)
def test_executables_and_binaries_are_refused_whatever_their_name(demo_users, content, name):
    exchange = sent(demo_users["la.contact"])
    with pytest.raises(ApplicationError) as excinfo:
        services.attachment_add(
            actor=demo_users["la.contact"], exchange=exchange, name=name, content=content
        )
    assert excinfo.value.code == "file_type_refused"
    assert not Attachment.objects.exists()


def test_html_is_only_ever_plain_text(demo_users):
    exchange = sent(demo_users["la.contact"])
    attachment = services.attachment_add(
        actor=demo_users["la.contact"], exchange=exchange, name="page.html", content=HTML
    )
    assert attachment.content_type == "text/plain"


def test_oversized_file_is_refused(demo_users, settings):
    settings.RENKEI_ATTACHMENT_MAX_BYTES = 1024
    exchange = sent(demo_users["la.contact"])
    with pytest.raises(ApplicationError) as excinfo:
        services.attachment_add(
            actor=demo_users["la.contact"],
            exchange=exchange,
            name="big.pdf",
            content=PDF + b"0" * 2000,
        )
    assert excinfo.value.code == "file_too_large"
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd.pdf",
        "..\\..\\win.ini.pdf",
        "/abs/path.pdf",
        "a\x00b.pdf",
        "<script>.pdf",
    ],
)
def test_path_tricks_in_names_never_reach_the_disk(demo_users, name):
    exchange = sent(demo_users["la.contact"])
    attachment = services.attachment_add(
        actor=demo_users["la.contact"], exchange=exchange, name=name, content=PDF
    )
    assert "/" not in attachment.original_name and "\\" not in attachment.original_name
    assert "<" not in attachment.original_name and "\x00" not in attachment.original_name
    assert attachment.file.name == f"attachments/{attachment.sha256[:2]}/{attachment.sha256}"


def test_recipient_cannot_attach_to_a_draft(demo_users):
    exchange = draft(demo_users["la.contact"])
    with pytest.raises(NotFound):
        services.attachment_add(
            actor=demo_users["isa.contact"], exchange=exchange, name="x.pdf", content=PDF
        )


def test_upload_and_download_through_the_api(demo_users, client):
    from renkei.accounts.services import api_token_create

    exchange = sent(demo_users["la.contact"])
    la = {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=demo_users['la.contact'], name='t')[1]}"
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/api/v1/exchanges/{exchange.pk}/attachments",
        {"file": SimpleUploadedFile("evidence.pdf", PDF, content_type="text/html")},
        **la,
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["content_type"] == "application/pdf"  # from the bytes, not the client's claim
    download = client.get(f"/api/v1/exchanges/{exchange.pk}/attachments/{data['id']}", **la)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment;" in download["Content-Disposition"]
    assert download["X-Checksum-SHA256"] == data["sha256"]
    bad = client.post(
        f"/api/v1/exchanges/{exchange.pk}/attachments",
        {"file": SimpleUploadedFile("evidence.pdf", EXE, content_type="application/pdf")},
        **la,
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "file_type_refused"
