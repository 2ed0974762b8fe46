from datetime import date, datetime
from typing import Any

from ninja import Field, Schema


class TextTranslation(Schema):
    subject: str = Field("", max_length=200)
    body: str = Field("", max_length=20000)


class ReplyTranslation(Schema):
    body: str = Field("", max_length=20000)


LANGUAGE_FIELD = Field(
    None,
    max_length=5,
    description="The language subject and body are written in (ja or en); the author's by default.",
)
TRANSLATIONS_FIELD = Field(
    None,
    description="The text rendered into other languages, by language code. The agreement's "
    "working language (English) must be here, or be the text's own language, before it is sent.",
)


class ExchangeIn(Schema):
    type: str = Field(
        ..., max_length=30, description="An exchange kind's key (docs/api.md lists the kinds)"
    )
    subject: str = Field(..., max_length=200)
    body: str = Field(..., max_length=20000)
    details: dict[str, Any] = Field(default_factory=dict)
    source_reliability: str = Field("", max_length=1)
    information_accuracy: int | None = None
    handling_restrictions: list[str] = Field(default_factory=list, max_length=5)
    language: str | None = LANGUAGE_FIELD
    translations: dict[str, TextTranslation] | None = TRANSLATIONS_FIELD


class ExchangePatch(Schema):
    subject: str | None = Field(None, max_length=200)
    body: str | None = Field(None, max_length=20000)
    details: dict[str, Any] | None = None
    source_reliability: str | None = Field(None, max_length=1)
    information_accuracy: int | None = None
    handling_restrictions: list[str] | None = Field(None, max_length=5)
    translations: dict[str, TextTranslation] | None = TRANSLATIONS_FIELD


class ReplyIn(Schema):
    body: str = Field(..., max_length=20000)
    is_answer: bool = False
    language: str | None = LANGUAGE_FIELD
    translations: dict[str, ReplyTranslation] | None = TRANSLATIONS_FIELD


class ReplyOut(Schema):
    id: int
    author: str
    side: str
    body: str
    language: str
    translations: dict[str, ReplyTranslation]
    is_answer: bool
    created_at: datetime


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    side: str
    created_at: datetime


class ConsentRequestIn(Schema):
    recipient_kind: str
    recipient_name: str = Field(..., max_length=200)
    purpose: str = Field(..., max_length=300)


class ConsentRequestOut(ConsentRequestIn):
    id: int
    state: str
    created_at: datetime


class ConsentIn(ConsentRequestIn):
    reference_number: str = Field(..., max_length=100)
    consent_date: date
    judicial_use: bool = False
    scan_attachment_id: int | None = None
    request_id: int | None = None


class ConsentOut(Schema):
    id: int
    recipient_kind: str
    recipient_name: str
    purpose: str
    judicial_use: bool
    reference_number: str
    consent_date: date
    scan_attachment_id: int | None
    recorded_at: datetime


class DisclosureIn(ConsentRequestIn):
    parts: str = Field(..., max_length=2000)
    judicial_use: bool = False


class DisclosureOut(Schema):
    id: int
    recipient_kind: str
    recipient_name: str
    purpose: str
    parts: str
    judicial_use: bool
    consent_id: int | None
    disclosed_at: datetime


class ExchangeOut(Schema):
    id: int
    reference: str
    agreement: str
    type: str
    status: str
    originating_side: str
    direction: str
    subject: str
    body: str = Field(..., description="Empty once the personal data is blocked to you or erased.")
    language: str = Field(..., description="The language subject and body are written in.")
    translations: dict[str, TextTranslation]
    details: dict[str, Any]
    personal_data: str = Field(
        ..., description="visible, blocked (contact points only) or erased: the retention schedule"
    )
    categories: list[str]
    source_reliability: str
    information_accuracy: int | None
    handling_scope: str
    handling_restrictions: list[str]
    answer_deadline_binding: bool
    created_at: datetime
    sent_at: datetime | None
    acknowledged_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    acknowledge_due_at: datetime | None
    answer_due_at: datetime | None
    overdue: bool


class ReceiptSummaryOut(Schema):
    seq: int
    action: str
    occurred_at: datetime
    url: str


class ExchangeDetailOut(ExchangeOut):
    receipts: list[ReceiptSummaryOut]
    replies: list[ReplyOut]
    attachments: list[AttachmentOut]
    consent_requests: list[ConsentRequestOut]
    consents: list[ConsentOut]
    disclosures: list[DisclosureOut]


class ExchangePageOut(Schema):
    count: int = Field(
        ..., description="How many exchanges the list holds; a lower bound when not exact."
    )
    count_exact: bool = Field(
        ...,
        description='False when the count stopped at its cap (shown as "1,000+"): the '
        "overdue and text filters are counted only that far.",
    )
    page: int | None = Field(..., description="The page's number; null when read by cursor.")
    per_page: int
    next_cursor: str | None = Field(
        ..., description="Pass as `cursor` for the next page; null on the last page."
    )
    items: list[ExchangeOut]


class WeekSentOut(Schema):
    week: str = Field(..., description="The week's Monday, as MM-DD.")
    sent: int


class DashboardOut(Schema):
    open: int
    due_soon: int
    overdue: int
    median_hours_to_acknowledge: float | None
    median_hours_to_answer: float | None
    sent_per_week: list[WeekSentOut]
    window_days: int


class NotificationOut(Schema):
    id: int
    event: str
    text: str
    exchange_id: int
    reference: str
    agreement: str
    created_at: datetime
    read_at: datetime | None
