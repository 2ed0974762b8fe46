"""The last step before an exchange leaves for the other side: what goes to whom, in which
languages, with which files and restrictions, and the working-language text if it is missing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renkei.accounts.models import Side, side_other
from renkei.core.errors import ApplicationError
from renkei.core.languages import language_name, texts_from_post, working_language_require
from renkei.core.views import scoped_page
from renkei.exchange import selectors, services
from renkei.exchange.models import Status


def _contact_point(agreement, side: str, language: str) -> str:
    """A side's contact point by name, the partner's with its country."""
    if side == Side.JP:
        return agreement.jp_contact_point_ja if language == "ja" else agreement.jp_contact_point_en
    if language == "ja":
        return f"{agreement.partner_contact_point_ja} ({agreement.country_ja})"
    return f"{agreement.partner_contact_point_en} ({agreement.country_en})"


def _recipient(exchange, language: str) -> str:
    return _contact_point(exchange.agreement, exchange.recipient_side, language)


def _versions(exchange) -> list[dict]:
    versions = [
        {"language": exchange.language, "original": True, **_texts(exchange, None)},
        *(
            {"language": code, "original": False, **_texts(exchange, code)}
            for code in exchange.translations
        ),
    ]
    for version in versions:
        version["name"] = language_name(version["language"])
    return versions


def _texts(exchange, code: str | None) -> dict:
    if code is None:
        return {"subject": exchange.subject, "body": exchange.body}
    rendering = exchange.translations.get(code) or {}
    return {"subject": rendering.get("subject", ""), "body": rendering.get("body", "")}


def _deadlines(acknowledge_days: int, answer_days: int | None) -> str:
    said = ngettext(
        "Acknowledge within %(days)d day", "Acknowledge within %(days)d days", acknowledge_days
    ) % {"days": acknowledge_days}
    if answer_days:
        said += "; " + ngettext(
            "answer within %(days)d day", "answer within %(days)d days", answer_days
        ) % {"days": answer_days}
    return said


@scoped_page
def exchange_send_confirm(request, code: str, exchange_id: int):
    exchange = selectors.exchange_get_for(request.user, exchange_id, agreement_code=code)
    if exchange.status != Status.DRAFT or request.user.side != exchange.originating_side:
        return redirect("exchange:detail", exchange.agreement.code, exchange.pk)
    working = exchange.agreement.working_language
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("step") == "translate":
                _language, texts, _rest = texts_from_post(
                    request.POST, ("subject", "body"), working
                )
                services.exchange_update_draft(
                    actor=request.user,
                    exchange=exchange,
                    translations={**exchange.translations, working: texts},
                )
                messages.success(request, _("The text in the working language is saved."))
                return redirect("exchange:send_confirm", exchange.agreement.code, exchange.pk)
            services.exchange_send(actor=request.user, exchange=exchange)
            messages.success(request, _("Sent."))
            return redirect("exchange:detail", exchange.agreement.code, exchange.pk)
        except ApplicationError as exc:
            error = exc
            exchange.refresh_from_db()
    has_working = exchange.language == working or bool(
        (exchange.translations.get(working) or {}).get("subject")
        and (exchange.translations.get(working) or {}).get("body")
    )
    acknowledge_days, answer_days = services.service_level_for(
        exchange.agreement, exchange.exchange_type
    )
    return render(
        request,
        "exchange/send_confirm.html",
        {
            "agreement": exchange.agreement,
            "exchange": exchange,
            "recipient": _recipient(exchange, request.LANGUAGE_CODE),
            "versions": _versions(exchange),
            "working_language": working,
            "working_language_name": language_name(working),
            "has_working": has_working,
            "working_text": _texts(exchange, None if exchange.language == working else working),
            "attachments": list(exchange.attachments.filter(erased_at__isnull=True)),
            "deadlines": _deadlines(acknowledge_days, answer_days),
            "error": error,
        },
        status=error.status if error else 200,
    )


def reply_confirm(request, exchange):
    """The reply as it will go: to whom, in which languages, as an answer or not. Refused here
    already when the working language is missing (the service checks again on sending)."""
    language, texts, translations = texts_from_post(request.POST, ("body",), request.LANGUAGE_CODE)
    if not texts["body"] and not translations:
        raise ApplicationError(_("Write the reply."), code="required", details={"field": "body"})
    working_language_require(
        working_language=exchange.agreement.working_language,
        original_language=language,
        translations=translations,
        fields=("body",),
    )
    versions = [{"language": language, "original": True, "body": texts["body"]}] + [
        {"language": code, "original": False, "body": text["body"]}
        for code, text in translations.items()
    ]
    for version in versions:
        version["name"] = language_name(version["language"])
    return render(
        request,
        "exchange/reply_confirm.html",
        {
            "agreement": exchange.agreement,
            "exchange": exchange,
            "recipient": _recipient_of_reply(exchange, request.user, request.LANGUAGE_CODE),
            "versions": versions,
            "is_answer": request.POST.get("is_answer") == "1",
        },
    )


def _recipient_of_reply(exchange, actor, language: str) -> str:
    """The other side of the thread, whichever side the actor is on."""
    return _contact_point(exchange.agreement, side_other(actor.side), language)
