"""Attachments: the evidence behind an exchange, checked by their bytes, kept once per content
(content-addressed) and announced to the other side."""

from __future__ import annotations

import hashlib

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from renkei.accounts.models import User
from renkei.core.errors import ApplicationError, NotFound
from renkei.core.transitions import state_require
from renkei.exchange.life_cycle import EXCHANGE
from renkei.exchange.models import Attachment, Exchange, Status, attachment_path
from renkei.exchange.rights import require_drafter
from renkei.exchange.services.base import exchange_transition, other_side
from renkei.exchange.services.notifications import notify

ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/tiff": "tif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def _sniff(content: bytes) -> str | None:
    """The content's real type from its bytes; plain UTF-8 text without control bytes is text."""
    kind = filetype.guess(content)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:65536]):
        return None
    return "text/plain"


def _safe_name(name: str) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    return (name or "attachment")[:200]


def _content_type_checked(content: bytes) -> str:
    """The file's type from its bytes, once its size is within the limit and the type is one
    of those accepted."""
    limit = settings.RENKEI_ATTACHMENT_MAX_BYTES
    if len(content) > limit:
        raise ApplicationError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            code="file_too_large",
            details={"size": len(content), "limit": limit},
        )
    if not content:
        raise ApplicationError(_("The file is empty."), code="empty_file")
    content_type = _sniff(content)
    if content_type is None:
        raise ApplicationError(
            _(
                "This kind of file is not accepted. Send PDF, images, office documents or plain text."
            ),
            code="file_type_refused",
        )
    return content_type


def attachment_add(*, actor: User, exchange: Exchange, name: str, content: bytes) -> Attachment:
    require_drafter(actor)

    def authorize(locked: Exchange) -> None:
        if locked.status == Status.DRAFT and actor.side != locked.originating_side:
            raise NotFound()

    authorize(exchange)
    state_require(EXCHANGE, exchange, "attach")
    content_type = _content_type_checked(content)
    digest = hashlib.sha256(content).hexdigest()
    added: list[Attachment] = []

    def change(locked: Exchange) -> None:
        attachment = Attachment(
            exchange=locked,
            uploaded_by=actor,
            side=actor.side,
            original_name=_safe_name(name),
            content_type=content_type,
            size=len(content),
            sha256=digest,
        )
        stored_name = attachment_path(attachment, "")
        if attachment.file.storage.exists(stored_name):
            attachment.file.name = stored_name  # same bytes already kept: content-addressed
        else:
            attachment.file.save(digest, ContentFile(content), save=False)
        attachment.save()
        added.append(attachment)

    def then(locked: Exchange) -> None:
        if locked.status != Status.DRAFT:
            notify(locked, "attachment", other_side(locked, actor), actor)

    exchange_transition(
        "attach",
        actor,
        exchange,
        authorize=authorize,
        change=change,
        summary=lambda _locked: {"attachment": added[0].pk, "sha256": digest},
        then=then,
    )
    return added[0]
