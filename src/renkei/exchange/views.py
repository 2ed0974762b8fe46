from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from renkei.agreements.scoping import agreement_get_for
from renkei.core.dates import date_parse, date_required
from renkei.core.errors import ApplicationError, NotFound
from renkei.core.languages import text_columns, texts_from_post
from renkei.core.pages import page_number
from renkei.core.views import scoped_page
from renkei.exchange import rules, selectors, services, views_send
from renkei.exchange.api import attachment_response
from renkei.exchange.kinds import KINDS, kinds_allowed
from renkei.exchange.kinds.misconduct_report import misconduct_categories
from renkei.exchange.models import (
    Accuracy,
    HandlingRestriction,
    RecipientKind,
    Reliability,
    Status,
)
from renkei.exchange.retention import details_without_personal, personal_hidden_from
from renkei.screening.selectors import links_for

PER_PAGE = 50


_scoped = scoped_page


def _exchange(request, code, exchange_id):
    return selectors.exchange_get_for(request.user, exchange_id, agreement_code=code)


@_scoped
def exchange_list(request, code: str):
    agreement = agreement_get_for(request.user, code)
    if not services.can_work_on_exchanges(request.user):
        raise NotFound()
    box = request.GET.get("box", "inbox")
    filters = selectors.ExchangeFilters(
        box=box,
        exchange_type=request.GET.get("type", ""),
        status=request.GET.get("status", ""),
        category=request.GET.get("category", ""),
        overdue=request.GET.get("overdue") == "1",
        text=request.GET.get("q", ""),
    )
    error = None
    try:
        listed = selectors.exchange_page_for(
            request.user,
            code,
            filters,
            cursor=request.GET.get("cursor", ""),
            page=page_number(request),
            per_page=PER_PAGE,
        )
    except ApplicationError as exc:
        error = exc.message
        filters = selectors.ExchangeFilters(box="inbox")
        listed = selectors.exchange_page_for(request.user, code, filters, per_page=PER_PAGE)
    template = "exchange/_rows.html" if request.htmx else "exchange/list.html"
    return render(
        request,
        template,
        {
            "agreement": agreement,
            "filters": filters,
            "listed": listed,
            "items": listed.items,
            "count_text": listed.count_text("%(count)s exchange", "%(count)s exchanges"),
            "first_query": _list_query(filters),
            "previous_query": _list_query(filters, page=listed.page - 1)
            if listed.page and listed.page > 1
            else "",
            "next_query": _list_query(filters, cursor=listed.next_cursor)
            if listed.next_cursor
            else "",
            "error": error,
            "types": [(kind.key, kind.label) for kind in KINDS.values()],
            "statuses": Status.choices,
            "categories": misconduct_categories(agreement),
            "composable": [
                (kind.key, kind.label) for kind in kinds_allowed(agreement, request.user.side)
            ],
        },
        status=400 if error else 200,
    )


def _list_query(filters, **position) -> str:
    """The list's address with its filters kept, at another position."""
    values = {
        "box": filters.box,
        "type": filters.exchange_type,
        "status": filters.status,
        "category": filters.category,
        "overdue": "1" if filters.overdue else "",
        "q": filters.text,
        **position,
    }
    return urlencode({name: value for name, value in values.items() if value})


def _compose_save(request, code: str, kind):
    """The compose form's draft, its files, and the send if asked: each through its service."""
    post = request.POST
    language, texts, translations = texts_from_post(
        post, ("subject", "body"), request.LANGUAGE_CODE
    )
    exchange = services.exchange_create(
        actor=request.user,
        agreement_code=code,
        exchange_type=kind.key,
        subject=texts["subject"],
        body=texts["body"],
        language=language,
        translations=translations,
        details=kind.post_to_details(post),
        source_reliability=post.get("source_reliability", ""),
        information_accuracy=rules.accuracy_from_post(post),
        handling_restrictions=post.getlist("handling_restrictions"),
    )
    for upload in request.FILES.getlist("files"):
        services.attachment_add(
            actor=request.user, exchange=exchange, name=upload.name, content=upload.read()
        )
    messages.success(request, _("Saved as a draft."))
    return exchange


@_scoped
def exchange_compose(request, code: str, exchange_type: str):
    agreement = agreement_get_for(request.user, code)
    if not services.can_work_on_exchanges(request.user):
        raise NotFound()
    kind = next(
        (k for k in kinds_allowed(agreement, request.user.side) if k.key == exchange_type), None
    )
    if kind is None:
        return render(
            request,
            "exchange/not_provided.html",
            {"agreement": agreement, "exchange_type": exchange_type},
            status=404,
        )
    error = None
    # "Add another" posts the form back to show one more block; nothing is saved.
    if request.method == "POST" and "more" not in request.POST:
        try:
            exchange = _compose_save(request, code, kind)
            # Nothing leaves for the other side without its summary seen and confirmed.
            step = "exchange:send_confirm" if request.POST.get("send") == "1" else "exchange:detail"
            return redirect(step, agreement.code, exchange.pk)
        except ApplicationError as exc:
            error = exc
    return render(
        request,
        "exchange/compose.html",
        {
            "agreement": agreement,
            "exchange_type": exchange_type,
            "kind": kind,
            "type_label": kind.label,
            "reliabilities": Reliability.choices,
            "accuracies": Accuracy.choices,
            "restrictions": HandlingRestriction.choices,
            **(kind.context(agreement, request.POST) if kind.context else {}),
            "post": request.POST,
            "error": error,
            "scope": rules.confidentiality_scope(agreement),
            "text_columns": text_columns(request.LANGUAGE_CODE, agreement.working_language),
        },
        status=400 if error else 200,
    )


@_scoped
def exchange_detail(request, code: str, exchange_id: int):
    exchange = _exchange(request, code, exchange_id)
    services.exchange_read_record(actor=request.user, exchange=exchange)
    return _render_detail(request, exchange)


# The buttons the originating contact point sees, by the exchange's status.
ORIGINATOR_ACTIONS = (
    ("send", gettext_lazy("Send"), (Status.DRAFT,)),
    ("accept", gettext_lazy("Accept the answer"), (Status.ANSWERED,)),
    ("close", gettext_lazy("Close"), (Status.SENT, Status.ACKNOWLEDGED, Status.ANSWERED)),
    ("reopen", gettext_lazy("Reopen"), (Status.ACCEPTED, Status.CLOSED)),
    ("withdraw", gettext_lazy("Withdraw"), (Status.DRAFT, Status.SENT, Status.ACKNOWLEDGED)),
)


def _actions_offered(user, exchange) -> list[tuple[str, str]]:
    actions = []
    if user.has_role("contact_point_officer") and user.side == exchange.originating_side:
        actions = [
            (name, label)
            for name, label, statuses in ORIGINATOR_ACTIONS
            if exchange.status in statuses
        ]
    if services.may_answer_for_recipient(user, exchange) and exchange.status == Status.SENT:
        actions.append(("acknowledge", _("Acknowledge receipt")))
    return actions


def _render_detail(request, exchange, error=None, status=200):
    user = request.user
    is_origin = user.side == exchange.originating_side
    is_contact = user.has_role("contact_point_officer")
    actions = _actions_offered(user, exchange)
    thread = selectors.exchange_thread_for(user, exchange)
    kind = exchange.kind
    screened = kind is not None and kind.screening is not None
    personal_hidden = personal_hidden_from(user, exchange)
    if personal_hidden:  # shown without it; nothing here is saved
        exchange.body, exchange.details = "", details_without_personal(exchange)
        for r in thread["replies"]:
            r.body = ""
        thread["attachments"] = []
    return render(
        request,
        "exchange/detail.html",
        {
            "agreement": exchange.agreement,
            "exchange": exchange,
            "personal_hidden": personal_hidden,
            "is_origin": is_origin,
            "can_answer": is_contact
            and not is_origin
            and exchange.status in (Status.SENT, Status.ACKNOWLEDGED)
            and kind is not None
            and kind.expects_answer,
            "can_reply": exchange.status in (Status.SENT, Status.ACKNOWLEDGED, Status.ANSWERED),
            "can_respond": exchange.status in (Status.SENT, Status.ACKNOWLEDGED)
            and services.may_answer_for_recipient(user, exchange),
            "can_attach": exchange.status not in (Status.WITHDRAWN, Status.ACCEPTED, Status.CLOSED),
            "actions": actions,
            "receipts": selectors.exchange_receipt_events_for(user, exchange),
            "recipient_kinds": RecipientKind.choices,
            "error": error,
            "today": timezone.localdate().isoformat(),
            "printed_at": timezone.now(),
            "text_columns": text_columns(
                request.LANGUAGE_CODE, exchange.agreement.working_language
            ),
            "detail_rows": kind.detail_rows(exchange.details) if kind else [],
            "screening_links": [
                hit
                for source_id in (kind.screening.source_ids(exchange) if screened else [])
                for hit in links_for(user, kind.screening.source_type, source_id)
            ],
            **thread,
        },
        status=status,
    )


def _after(request, exchange, fn, success: str):
    try:
        fn()
    except NotFound:
        raise
    except ApplicationError as exc:
        exchange.refresh_from_db()
        return _render_detail(request, exchange, error=exc, status=exc.status)
    messages.success(request, success)
    return redirect("exchange:detail", exchange.agreement.code, exchange.pk)


ACTIONS = {
    "send": (services.exchange_send, gettext_lazy("Sent.")),
    "acknowledge": (services.exchange_acknowledge, gettext_lazy("Receipt acknowledged.")),
    "accept": (services.exchange_accept, gettext_lazy("Answer accepted.")),
    "close": (services.exchange_close, gettext_lazy("Closed.")),
    "reopen": (services.exchange_reopen, gettext_lazy("Reopened.")),
    "withdraw": (services.exchange_withdraw, gettext_lazy("Withdrawn.")),
}


@_scoped
@require_POST
def exchange_action(request, code: str, exchange_id: int, action: str):
    exchange = _exchange(request, code, exchange_id)
    if action not in ACTIONS:
        raise NotFound()
    service, done = ACTIONS[action]
    return _after(
        request, exchange, lambda: service(actor=request.user, exchange=exchange), str(done)
    )


def _reply_save(request, exchange):
    language, texts, translations = texts_from_post(request.POST, ("body",), request.LANGUAGE_CODE)
    return services.exchange_reply(
        actor=request.user,
        exchange=exchange,
        body=texts["body"],
        language=language,
        translations=translations,
        is_answer=request.POST.get("is_answer") == "1",
    )


@_scoped
@require_POST
def reply(request, code: str, exchange_id: int):
    exchange = _exchange(request, code, exchange_id)
    if request.POST.get("confirmed") != "1":
        # A reply leaves for the other side too: its summary is shown and confirmed first.
        try:
            return views_send.reply_confirm(request, exchange)
        except ApplicationError as exc:
            return _render_detail(request, exchange, error=exc, status=exc.status)
    return _after(
        request,
        exchange,
        lambda: _reply_save(request, exchange),
        _("Reply sent."),
    )


@_scoped
@require_POST
def attachment_upload(request, code: str, exchange_id: int):
    exchange = _exchange(request, code, exchange_id)
    upload = request.FILES.get("file")

    def add():
        if upload is None:
            raise ApplicationError(_("Choose a file."), code="no_file")
        services.attachment_add(
            actor=request.user, exchange=exchange, name=upload.name, content=upload.read()
        )

    return _after(request, exchange, add, _("File attached."))


@_scoped
def attachment_download(request, code: str, exchange_id: int, attachment_id: int):
    _exchange(request, code, exchange_id)
    return attachment_response(
        selectors.attachment_get_for(request.user, exchange_id, attachment_id)
    )


@_scoped
@require_POST
def consent_request(request, code: str, exchange_id: int):
    exchange = _exchange(request, code, exchange_id)
    return _after(
        request,
        exchange,
        lambda: services.consent_request_create(
            actor=request.user,
            exchange=exchange,
            recipient_kind=request.POST.get("recipient_kind", ""),
            recipient_name=request.POST.get("recipient_name", ""),
            purpose=request.POST.get("purpose", ""),
        ),
        _("Consent requested."),
    )


@_scoped
@require_POST
def consent(request, code: str, exchange_id: int):
    exchange = _exchange(request, code, exchange_id)

    def record():
        consent_date = date_required(request.POST.get("consent_date"))
        request_id = request.POST.get("request_id", "")
        consent_request = None
        if request_id.isdigit():
            consent_request = selectors.consent_request_get_for(
                request.user, exchange, int(request_id)
            )
        scan = None
        if request.FILES.get("scan"):
            upload = request.FILES["scan"]
            scan = services.attachment_add(
                actor=request.user, exchange=exchange, name=upload.name, content=upload.read()
            )
        services.consent_record(
            actor=request.user,
            exchange=exchange,
            recipient_kind=request.POST.get("recipient_kind", ""),
            recipient_name=request.POST.get("recipient_name", ""),
            purpose=request.POST.get("purpose", ""),
            reference_number=request.POST.get("reference_number", ""),
            consent_date=consent_date,
            judicial_use=request.POST.get("judicial_use") == "1",
            scan=scan,
            request=consent_request,
        )

    return _after(request, exchange, record, _("Consent recorded."))


@_scoped
@require_POST
def disclosure(request, code: str, exchange_id: int):
    exchange = _exchange(request, code, exchange_id)
    return _after(
        request,
        exchange,
        lambda: services.disclosure_record(
            actor=request.user,
            exchange=exchange,
            recipient_kind=request.POST.get("recipient_kind", ""),
            recipient_name=request.POST.get("recipient_name", ""),
            purpose=request.POST.get("purpose", ""),
            parts=request.POST.get("parts", ""),
            judicial_use=request.POST.get("judicial_use") == "1",
        ),
        _("Disclosure recorded."),
    )


@_scoped
def dashboard(request, code: str):
    agreement = agreement_get_for(request.user, code)
    if not services.can_work_on_exchanges(request.user):
        raise NotFound()
    board = selectors.dashboard_for(request.user, code)
    peak = max([n for _w, n in board.sent_per_week] + [1])
    bars = [
        {
            "label": label,
            "count": n,
            "height": round(120 * n / peak),
            "y": 140 - round(120 * n / peak),
            "x": 40 + i * 44,
        }
        for i, (label, n) in enumerate(board.sent_per_week)
    ]
    return render(
        request,
        "exchange/dashboard.html",
        {
            "agreement": agreement,
            "board": board,
            "bars": bars,
            "counts": {
                name: ngettext("%(count)s exchange", "%(count)s exchanges", getattr(board, name))
                % {"count": f"{getattr(board, name):,}"}
                for name in ("open", "due_soon", "overdue")
            },
            "hours": {
                name: None
                if getattr(board, name) is None
                else ngettext("%(hours)s hour", "%(hours)s hours", round(getattr(board, name)))
                % {"hours": f"{getattr(board, name):,.1f}"}
                for name in ("median_hours_to_acknowledge", "median_hours_to_answer")
            },
        },
    )


@login_required
def notifications(request):
    from renkei.exchange.notices import notification_text

    if request.method == "POST":
        try:
            note = services.notification_mark_read(
                actor=request.user, notification_id=int(request.POST.get("id", "0"))
            )
        except (ApplicationError, ValueError) as exc:
            raise Http404 from exc
        return redirect("exchange:detail", note.exchange.agreement.code, note.exchange_id)
    items = [(n, notification_text(n.event)) for n in selectors.notification_list_for(request.user)]
    return render(request, "exchange/notifications.html", {"items": items})


@_scoped
@require_POST
def return_response(request, code: str, exchange_id: int):
    exchange = _exchange(request, code, exchange_id)

    def respond():
        issued = request.POST.get("issued") == "1"
        issued_on = date_parse(request.POST.get("issued_on")) if issued else None
        services.return_request_respond(
            actor=request.user,
            exchange=exchange,
            issued=issued,
            passport_number=request.POST.get("passport_number", ""),
            issued_on=issued_on,
            reason=request.POST.get("reason", ""),
        )

    return _after(request, exchange, respond, _("Reply sent."))


@_scoped
def receipt_download(request, code: str, exchange_id: int, seq: int):
    exchange = _exchange(request, code, exchange_id)
    receipt = selectors.exchange_receipt_for(request.user, exchange, seq)
    response = JsonResponse(receipt, json_dumps_params={"ensure_ascii": False, "indent": 2})
    name = f"renkei-receipt-{exchange.reference}-{seq}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
