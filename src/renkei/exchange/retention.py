"""The retention schedule for exchanges, in the manner of the EU's IMI (ADR 21): personal data
stays visible for a period after an exchange closes, is then blocked to all but the contact
points, and is erased at the end of the second period: the kind's personal details, the facts,
the replies and the attachments' files and names. What the exchange was (its reference, kind,
subject, status, dates, categories) stays, and so does every ledger hash.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from renkei.accounts.models import Role, User
from renkei.agreements.models import Agreement
from renkei.agreements.retention import retention_periods
from renkei.audit.services import audit_append, audit_personal_erase
from renkei.core.transitions import row_lock
from renkei.exchange.kinds import KINDS
from renkei.exchange.models import Attachment, Exchange, Status

BLOCKED, ERASED = "blocked", "erased"
FINISHED = (Status.ACCEPTED, Status.CLOSED, Status.WITHDRAWN)


def personal_hidden_from(actor: User, exchange: Exchange) -> bool:
    if exchange.personal_state == ERASED:
        return True
    return exchange.personal_state == BLOCKED and not actor.has_role(Role.CONTACT_POINT_OFFICER)


def details_without_personal(exchange: Exchange) -> dict:
    kind = KINDS.get(exchange.exchange_type)
    personal = kind.personal_details if kind is not None else ()
    return {k: v for k, v in (exchange.details or {}).items() if k not in personal}


def _finished_before(agreement: Agreement, moment: datetime) -> QuerySet[Exchange]:
    return (
        Exchange.objects.filter(agreement=agreement, status__in=FINISHED)
        .annotate(finished_at=Coalesce("closed_at", "updated_at"))
        .filter(finished_at__lt=moment)
    )


def exchanges_to_block(agreement: Agreement, now: datetime) -> QuerySet[Exchange]:
    moment = retention_periods(agreement.code).block_before(now)
    return _finished_before(agreement, moment).filter(personal_state="")


def exchanges_to_erase(agreement: Agreement, now: datetime) -> QuerySet[Exchange]:
    moment = retention_periods(agreement.code).erase_before(now)
    return _finished_before(agreement, moment).filter(~Q(personal_state=ERASED))


def _locked_finished(exchange: Exchange) -> Exchange | None:
    locked = row_lock(exchange)
    # Re-checked on the locked row: an exchange reopened meanwhile is no longer due.
    return locked if locked.status in FINISHED else None


def exchange_personal_block(exchange: Exchange) -> bool:
    with transaction.atomic():
        locked = _locked_finished(exchange)
        if locked is None or locked.personal_state:
            return False
        locked.personal_state, locked.personal_state_at = BLOCKED, timezone.now()
        locked.save(update_fields=["personal_state", "personal_state_at"])
        audit_append(
            actor=None,
            action="exchange.personal_blocked",
            target=locked,
            object_repr=locked.reference,
            agreement_code=locked.agreement.code,
            after={"retention": "blocked"},
        )
    return True


def exchange_personal_erase(exchange: Exchange) -> bool:
    with transaction.atomic():
        locked = _locked_finished(exchange)
        if locked is None or locked.personal_state == ERASED:
            return False
        erased_details = sorted(set(locked.details or {}) - set(details_without_personal(locked)))
        locked.details = details_without_personal(locked)
        locked.body = ""
        locked.translations = {
            code: {"subject": text["subject"]}
            for code, text in locked.translations.items()
            if text.get("subject")
        }
        locked.search_text = "\n".join(
            [locked.subject, *(text["subject"] for text in locked.translations.values())]
        ).casefold()
        locked.personal_state, locked.personal_state_at = ERASED, timezone.now()
        locked.save(
            update_fields=[
                "details",
                "body",
                "translations",
                "search_text",
                "personal_state",
                "personal_state_at",
            ]
        )
        replies = locked.replies.exclude(body="").update(body="", translations={})
        files = _attachments_erase(locked)
        audit_personal_erase(object_type="exchange.exchange", object_ids=[str(locked.pk)])
        audit_append(
            actor=None,
            action="exchange.personal_erased",
            target=locked,
            object_repr=locked.reference,
            agreement_code=locked.agreement.code,
            after={"details": erased_details, "replies": replies, "attachments": files},
        )
    return True


def _attachments_erase(exchange: Exchange) -> int:
    attachments = list(exchange.attachments.filter(erased_at__isnull=True))
    now = timezone.now()
    for attachment in attachments:
        stored = attachment.file.name
        # Files are kept by content hash: the same bytes attached elsewhere stay for that record.
        shared = (
            Attachment.objects.filter(file=stored, erased_at__isnull=True)
            .exclude(pk=attachment.pk)
            .exists()
        )
        if stored and not shared:
            storage = attachment.file.storage
            transaction.on_commit(lambda name=stored, storage=storage: storage.delete(name))
        attachment.file, attachment.original_name, attachment.erased_at = "", "", now
        attachment.save(update_fields=["file", "original_name", "erased_at"])
    return len(attachments)


def exchanges_retention_run(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    counts = {"exchanges_blocked": 0, "exchanges_erased": 0}
    for agreement in Agreement.objects.all():
        for exchange in exchanges_to_erase(agreement, now).iterator():
            counts["exchanges_erased"] += exchange_personal_erase(exchange)
        for exchange in exchanges_to_block(agreement, now).iterator():
            counts["exchanges_blocked"] += exchange_personal_block(exchange)
    return counts
