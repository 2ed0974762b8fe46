"""Every write of the exchange app, by what it does. Each function takes the acting user,
checks the agreement's provisions and the actor's rights, runs in one transaction and appends
one ledger event; notifications go out on commit."""

from renkei.exchange.rights import can_work_on_exchanges, embassy_only, may_answer_for_recipient
from renkei.exchange.services.attachments import attachment_add
from renkei.exchange.services.consent import (
    consent_record,
    consent_request_create,
    consent_request_refuse,
    disclosure_record,
)
from renkei.exchange.services.drafting import (
    exchange_create,
    exchange_update_draft,
    notice_send,
)
from renkei.exchange.services.lifecycle import (
    exchange_accept,
    exchange_acknowledge,
    exchange_close,
    exchange_read_record,
    exchange_reopen,
    exchange_send,
    exchange_withdraw,
    exchanges_close_for_ended_agreements,
    service_level_for,
    service_level_set,
)
from renkei.exchange.services.notifications import (
    deadline_reminders_run,
    notification_mark_read,
)
from renkei.exchange.services.thread import exchange_reply, return_request_respond

__all__ = [
    "attachment_add",
    "can_work_on_exchanges",
    "consent_record",
    "consent_request_create",
    "consent_request_refuse",
    "deadline_reminders_run",
    "disclosure_record",
    "embassy_only",
    "exchange_accept",
    "exchange_acknowledge",
    "exchange_close",
    "exchange_create",
    "exchange_read_record",
    "exchange_reopen",
    "exchange_reply",
    "exchange_send",
    "exchange_update_draft",
    "exchange_withdraw",
    "exchanges_close_for_ended_agreements",
    "may_answer_for_recipient",
    "notice_send",
    "notification_mark_read",
    "return_request_respond",
    "service_level_for",
    "service_level_set",
]
