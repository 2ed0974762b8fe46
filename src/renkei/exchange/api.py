from django.conf import settings
from django.http import FileResponse, HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from renkei.accounts.api_auth import api_auth
from renkei.core.idempotency import run_idempotent
from renkei.core.pages import MAX_CURSOR, MAX_PAGE, MAX_PER_PAGE
from renkei.exchange import presenters, selectors, services
from renkei.exchange.notices import notification_text
from renkei.exchange.schemas import (
    AttachmentOut,
    ConsentIn,
    ConsentOut,
    ConsentRequestIn,
    ConsentRequestOut,
    DashboardOut,
    DisclosureIn,
    DisclosureOut,
    ExchangeDetailOut,
    ExchangeIn,
    ExchangeOut,
    ExchangePageOut,
    ExchangePatch,
    NotificationOut,
    ReplyIn,
    ReplyOut,
)

router = Router(tags=["exchanges"], auth=api_auth)


class ListQuery(Schema):
    box: str = Field(
        "all",
        max_length=20,
        description="all, inbox, outbox or drafts (400 `invalid_filter` otherwise)",
    )
    type: str = Field("", max_length=40)
    status: str = Field("", max_length=40)
    category: str = Field("", max_length=40)
    overdue: bool = False
    text: str = Field("", max_length=200)
    cursor: str = Field(
        "",
        max_length=MAX_CURSOR,
        description="A previous page's `next_cursor`: the page after it (`page` is then ignored).",
    )
    page: int = Field(
        1,
        ge=1,
        le=MAX_PAGE,
        description="The first pages by number; past the last page, an empty page. "
        "Further on, follow `next_cursor`.",
    )
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE)


def _detail(request, exchange):
    thread = selectors.exchange_thread_for(request.auth, exchange)
    data = presenters.exchange_detail_data(exchange, request.auth, thread)
    data["receipts"] = [
        presenters.receipt_summary(event, exchange)
        for event in selectors.exchange_receipt_events_for(request.auth, exchange)
    ]
    return data


@router.get("/agreements/{code}/exchanges", response=ExchangePageOut, summary="List exchanges")
def exchange_list(request: HttpRequest, code: str, q: Query[ListQuery]):
    filters = selectors.ExchangeFilters(
        box=q.box,
        exchange_type=q.type,
        status=q.status,
        category=q.category,
        overdue=q.overdue,
        text=q.text,
    )
    listed = selectors.exchange_page_for(
        request.auth, code, filters, cursor=q.cursor, page=q.page, per_page=q.per_page
    )
    return {
        "count": listed.count,
        "count_exact": listed.count_exact,
        "page": listed.page,
        "per_page": listed.per_page,
        "next_cursor": listed.next_cursor,
        "items": [presenters.exchange_data(e, request.auth) for e in listed.items],
    }


@router.post(
    "/agreements/{code}/exchanges",
    response={201: ExchangeOut},
    summary="Draft an exchange",
    description=(
        "The type must be one the agreement provides for and your side may send (403 "
        "otherwise); `details` must match the type's details schema (400 `invalid_details`), "
        "the subject and body be text within their limits, the handling restrictions and "
        "source reliability codes the agreement knows (400 with the rule's code)."
    ),
)
def exchange_create(request: HttpRequest, code: str, payload: ExchangeIn):
    def produce():
        exchange = services.exchange_create(
            actor=request.auth,
            agreement_code=code,
            exchange_type=payload.type,
            subject=payload.subject,
            body=payload.body,
            details=payload.details,
            source_reliability=payload.source_reliability,
            information_accuracy=payload.information_accuracy,
            handling_restrictions=payload.handling_restrictions,
            language=payload.language,
            translations=_translations(payload.translations),
        )
        return presenters.exchange_data(exchange, request.auth)

    return run_idempotent(request, 201, produce)


@router.get("/agreements/{code}/dashboard", response=DashboardOut, summary="Deadlines dashboard")
def dashboard(request: HttpRequest, code: str):
    board = selectors.dashboard_for(request.auth, code).__dict__
    # Objects, not pairs: each field named, and a plain array schema for OpenAPI's readers.
    board["sent_per_week"] = [{"week": w, "sent": n} for w, n in board["sent_per_week"]]
    return board


@router.get(
    "/exchanges/{exchange_id}", response=ExchangeDetailOut, summary="One exchange with its thread"
)
def exchange_detail(request: HttpRequest, exchange_id: int):
    exchange = selectors.exchange_get_for(request.auth, exchange_id)
    services.exchange_read_record(actor=request.auth, exchange=exchange)
    return _detail(request, exchange)


@router.get(
    "/exchanges/{exchange_id}/receipts",
    summary="Receipts: each event's inclusion proof against a signed checkpoint",
)
def receipt_list(request: HttpRequest, exchange_id: int):
    exchange = selectors.exchange_get_for(request.auth, exchange_id)
    return [
        selectors.exchange_receipt_for(request.auth, exchange, event.seq)
        for event in selectors.exchange_receipt_events_for(request.auth, exchange)
    ]


@router.get("/exchanges/{exchange_id}/receipts/{seq}", summary="One event's receipt")
def receipt_detail(request: HttpRequest, exchange_id: int, seq: int):
    exchange = selectors.exchange_get_for(request.auth, exchange_id)
    return selectors.exchange_receipt_for(request.auth, exchange, seq)


@router.patch("/exchanges/{exchange_id}", response=ExchangeOut, summary="Edit a draft")
def exchange_update(request: HttpRequest, exchange_id: int, payload: ExchangePatch):
    exchange = selectors.exchange_get_for(request.auth, exchange_id)
    fields = payload.dict(exclude_unset=True)
    if "translations" in fields:
        fields["translations"] = fields["translations"] or {}
    exchange = services.exchange_update_draft(actor=request.auth, exchange=exchange, **fields)
    return presenters.exchange_data(exchange, request.auth)


def _translations(given) -> dict | None:
    if given is None:
        return None
    return {code: text.dict() for code, text in given.items()}


def _transition(name: str, service):
    @router.post(
        f"/exchanges/{{exchange_id}}/{name}",
        response=ExchangeOut,
        summary=f"{name.capitalize()} an exchange",
        operation_id=f"exchange_{name}",
    )
    def handler(request: HttpRequest, exchange_id: int):
        exchange = selectors.exchange_get_for(request.auth, exchange_id)

        def produce():
            return presenters.exchange_data(
                service(actor=request.auth, exchange=exchange), request.auth
            )

        return run_idempotent(request, 200, produce)

    return handler


for _name, _service in [
    ("send", services.exchange_send),
    ("acknowledge", services.exchange_acknowledge),
    ("accept", services.exchange_accept),
    ("close", services.exchange_close),
    ("reopen", services.exchange_reopen),
    ("withdraw", services.exchange_withdraw),
]:
    _transition(_name, _service)


@router.post(
    "/exchanges/{exchange_id}/replies", response={201: ReplyOut}, summary="Reply, or answer"
)
def reply_create(request: HttpRequest, exchange_id: int, payload: ReplyIn):
    exchange = selectors.exchange_get_for(request.auth, exchange_id)

    def produce():
        reply = services.exchange_reply(
            actor=request.auth,
            exchange=exchange,
            body=payload.body,
            is_answer=payload.is_answer,
            language=payload.language,
            translations=_translations(payload.translations),
        )
        return presenters.reply_data(reply, hidden=False)

    return run_idempotent(request, 201, produce)


@router.post(
    "/exchanges/{exchange_id}/attachments", response={201: AttachmentOut}, summary="Attach a file"
)
def attachment_create(request: HttpRequest, exchange_id: int, file: File[UploadedFile]):
    exchange = selectors.exchange_get_for(request.auth, exchange_id)

    def produce():
        limit = settings.RENKEI_ATTACHMENT_MAX_BYTES
        content = file.read(limit + 1)
        attachment = services.attachment_add(
            actor=request.auth, exchange=exchange, name=file.name, content=content
        )
        return presenters.attachment_data(attachment)

    return run_idempotent(request, 201, produce)


@router.get(
    "/exchanges/{exchange_id}/attachments/{attachment_id}", summary="Download an attachment"
)
def attachment_download(request: HttpRequest, exchange_id: int, attachment_id: int):
    attachment = selectors.attachment_get_for(request.auth, exchange_id, attachment_id)
    return attachment_response(attachment)


def attachment_response(attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Checksum-SHA256"] = attachment.sha256
    return response


@router.post(
    "/exchanges/{exchange_id}/consent-requests",
    response={201: ConsentRequestOut},
    summary="Ask the originator for consent",
)
def consent_request_create(request: HttpRequest, exchange_id: int, payload: ConsentRequestIn):
    exchange = selectors.exchange_get_for(request.auth, exchange_id)

    def produce():
        created = services.consent_request_create(
            actor=request.auth, exchange=exchange, **payload.dict()
        )
        return presenters.consent_request_data(created)

    return run_idempotent(request, 201, produce)


@router.post(
    "/exchanges/{exchange_id}/consent-requests/{request_id}/refuse",
    response=ConsentRequestOut,
    summary="Refuse a consent request",
)
def consent_request_refuse(request: HttpRequest, exchange_id: int, request_id: int):
    exchange = selectors.exchange_get_for(request.auth, exchange_id)
    consent_request = selectors.consent_request_get_for(request.auth, exchange, request_id)
    refused = services.consent_request_refuse(actor=request.auth, request=consent_request)
    return presenters.consent_request_data(refused)


@router.post(
    "/exchanges/{exchange_id}/consents",
    response={201: ConsentOut},
    summary="Record written consent",
)
def consent_create(request: HttpRequest, exchange_id: int, payload: ConsentIn):
    exchange = selectors.exchange_get_for(request.auth, exchange_id)

    def produce():
        scan = None
        if payload.scan_attachment_id is not None:
            scan = selectors.attachment_get_for(
                request.auth, exchange.pk, payload.scan_attachment_id
            )
        consent_request = None
        if payload.request_id is not None:
            consent_request = selectors.consent_request_get_for(
                request.auth, exchange, payload.request_id
            )
        consent = services.consent_record(
            actor=request.auth,
            exchange=exchange,
            recipient_kind=payload.recipient_kind,
            recipient_name=payload.recipient_name,
            purpose=payload.purpose,
            reference_number=payload.reference_number,
            consent_date=payload.consent_date,
            judicial_use=payload.judicial_use,
            scan=scan,
            request=consent_request,
        )
        return presenters.consent_data(consent)

    return run_idempotent(request, 201, produce)


@router.post(
    "/exchanges/{exchange_id}/disclosures",
    response={201: DisclosureOut},
    summary="Record a disclosure (needs consent)",
)
def disclosure_create(request: HttpRequest, exchange_id: int, payload: DisclosureIn):
    exchange = selectors.exchange_get_for(request.auth, exchange_id)

    def produce():
        disclosure = services.disclosure_record(
            actor=request.auth, exchange=exchange, **payload.dict()
        )
        return presenters.disclosure_data(disclosure)

    return run_idempotent(request, 201, produce)


@router.get("/notifications", response=list[NotificationOut], summary="My inbox of notifications")
def notification_list(request: HttpRequest, unread: bool = False):
    return [
        {
            "id": n.pk,
            "event": n.event,
            "text": notification_text(n.event),
            "exchange_id": n.exchange_id,
            "reference": n.exchange.reference,
            "agreement": n.exchange.agreement.code,
            "created_at": n.created_at,
            "read_at": n.read_at,
        }
        for n in selectors.notification_list_for(request.auth, unread_only=unread)
    ]


@router.post("/notifications/{notification_id}/read", response={204: None}, summary="Mark read")
def notification_read(request: HttpRequest, notification_id: int):
    services.notification_mark_read(actor=request.auth, notification_id=notification_id)
    return Status(204, None)
