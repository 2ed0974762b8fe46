from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.accounts.models import side_other
from renkei.agreements.models import Agreement


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (Status.SENT, Status.ACKNOWLEDGED, Status.ANSWERED)
AWAITING_ANSWER = (Status.SENT, Status.ACKNOWLEDGED)


class Reliability(models.TextChoices):
    A = "A", _("A — reliable")
    B = "B", _("B — mostly reliable")
    C = "C", _("C — not usually reliable")
    X = "X", _("X — cannot be judged")


class Accuracy(models.IntegerChoices):
    CONFIRMED = 1, _("1 — known to be true without reservation")
    KNOWN_TO_SOURCE = 2, _("2 — known personally to the source")
    NOT_CONFIRMED = 3, _("3 — not known personally, corroborated")
    CANNOT_JUDGE = 4, _("4 — cannot be judged")


class HandlingRestriction(models.TextChoices):
    NO_JUDICIAL_USE = "no_judicial_use", _("No use in judicial proceedings without consent")
    CONTACT_POINT_ONLY = "contact_point_only", _("Recipient's contact point only")
    NO_PUBLICATION = "no_publication", _("Never to be published")


class ServiceLevel(models.Model):
    """How fast the recipient acknowledges and answers, per agreement and type."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    # The kind's key (exchange/kinds/): no choices, so a new kind needs no migration.
    exchange_type = models.CharField(_("type"), max_length=30)
    acknowledge_days = models.PositiveSmallIntegerField(_("days to acknowledge"))
    answer_days = models.PositiveSmallIntegerField(_("days to answer"), null=True, blank=True)

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "exchange_type"], name="one_service_level_per_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement.code} {self.exchange_type}: {self.acknowledge_days}/{self.answer_days}"


class Exchange(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="exchanges")
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    # The kind's key (exchange/kinds/): no choices, so a new kind needs no migration.
    exchange_type = models.CharField(_("type"), max_length=30)
    originating_side = models.CharField(_("originating side"), max_length=10)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("facts or question"))
    # The language subject and body are written in; renderings into the others beside them
    # ({"en": {"subject": ..., "body": ...}}): the working language must be there to send.
    language = models.CharField(_("language"), max_length=5, default="ja")
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    categories = models.CharField(_("categories"), max_length=10, blank=True)
    source_reliability = models.CharField(
        _("source reliability"), max_length=1, choices=Reliability.choices, blank=True
    )
    information_accuracy = models.PositiveSmallIntegerField(
        _("information accuracy"), choices=Accuracy.choices, null=True, blank=True
    )
    handling_scope = models.CharField(_("confidentiality scope"), max_length=20)
    handling_restrictions = models.JSONField(_("handling restrictions"), default=list, blank=True)
    answer_deadline_binding = models.BooleanField(_("answer deadline binds"), default=False)
    search_text = models.TextField(blank=True)

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_reason = models.CharField(_("why closed"), max_length=30, blank=True)
    acknowledge_due_at = models.DateTimeField(_("acknowledgement due"), null=True, blank=True)
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    # Kept with the timestamps they come from, so the dashboard's medians need no date
    # arithmetic over thousands of rows.
    hours_to_acknowledge = models.FloatField(null=True, blank=True, editable=False)
    hours_to_answer = models.FloatField(null=True, blank=True, editable=False)
    # The retention schedule's mark (exchange/retention.py): blank while the personal data is
    # visible, then "blocked" (contact points only), then "erased".
    personal_state = models.CharField(_("personal data"), max_length=10, blank=True, default="")
    personal_state_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Where the exchange stands in every list: when it was sent, or drafted. Kept by the
    # database, never null, so a list is one index walked from the top and a cursor is a
    # position on it (ADR 24).
    listed_at = models.GeneratedField(
        expression=Coalesce("sent_at", "created_at"),
        output_field=models.DateTimeField(),
        db_persist=True,
    )

    # The deadline the exchange waits on next: the acknowledgement or the answer while it is
    # sent, the answer once acknowledged; null when nothing is awaited. Overdue is
    # `next_due_at < now`: one indexed range, the open backlog only (ADR 24).
    next_due_at = models.GeneratedField(
        expression=models.Case(
            models.When(
                status="sent",
                then=Least(
                    Coalesce("acknowledge_due_at", "answer_due_at"),
                    Coalesce("answer_due_at", "acknowledge_due_at"),
                ),
            ),
            models.When(status="acknowledged", then=models.F("answer_due_at")),
            default=None,
            output_field=models.DateTimeField(),
        ),
        output_field=models.DateTimeField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-listed_at", "-pk"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        # One index per way the lists narrow, each ending in the list's order, so a page is
        # read from the top of an index whatever the table's size; the partial one holds only
        # the exchanges awaiting something, which is what the deadlines ask about.
        indexes = [
            models.Index(fields=["agreement", "-listed_at", "-id"], name="exchange_all_listed"),
            models.Index(
                fields=["agreement", "originating_side", "-listed_at", "-id"],
                name="exchange_box_listed",
            ),
            models.Index(
                fields=["agreement", "originating_side", "status", "-listed_at", "-id"],
                name="exchange_box_status_listed",
            ),
            models.Index(
                fields=["agreement", "originating_side", "exchange_type", "-listed_at", "-id"],
                name="exchange_box_type_listed",
            ),
            models.Index(
                fields=["agreement", "next_due_at"],
                condition=models.Q(next_due_at__isnull=False),
                name="exchange_awaited",
            ),
            # Covers the dashboard's window (sent, and the hours it took): read from the index.
            models.Index(
                fields=["agreement", "sent_at", "hours_to_acknowledge", "hours_to_answer"],
                name="exchange_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def kind(self):
        """The kind's declaration (exchange/kinds/); None for a key no longer registered."""
        from renkei.exchange.kinds import KINDS

        return KINDS.get(self.exchange_type)

    @property
    def kind_label(self) -> str:
        kind = self.kind
        return kind.label if kind is not None else self.exchange_type

    def handling_restrictions_labelled(self) -> list[tuple[str, str]]:
        """The originator's restrictions as (code, what it means in the reader's language)."""
        labels = dict(HandlingRestriction.choices)
        return [(code, labels.get(code, code)) for code in self.handling_restrictions]

    @property
    def recipient_side(self) -> str:
        return side_other(self.originating_side)

    def hours_since_sent(self, moment) -> float:
        return round((moment - self.sent_at).total_seconds() / 3600, 2)

    def is_acknowledgement_overdue(self, now=None) -> bool:  # keep with next_due_at
        now = now or timezone.now()
        return (
            self.status == Status.SENT
            and self.acknowledge_due_at is not None
            and now > self.acknowledge_due_at
        )

    def is_answer_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status in AWAITING_ANSWER
            and self.answer_due_at is not None
            and now > self.answer_due_at
        )

    def is_overdue(self, now=None) -> bool:
        return self.is_acknowledgement_overdue(now) or self.is_answer_overdue(now)


class ExchangeTally(models.Model):
    """How many exchanges an agreement holds per side, kind, status and conduct categories,
    kept by the database's own triggers in the transaction that writes the exchange
    (migration 0008, ADR 24): a list's total and the dashboard's open count add up a few of
    these rows instead of counting the exchanges."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    originating_side = models.CharField(max_length=10)
    exchange_type = models.CharField(max_length=30)
    status = models.CharField(max_length=20)
    categories = models.CharField(max_length=10, blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("exchange tally")
        verbose_name_plural = _("exchange tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "originating_side", "exchange_type", "status", "categories"],
                name="one_tally_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.originating_side} {self.exchange_type} {self.status}"


class Reply(models.Model):
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=10)
    body = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=5, default="ja")
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    is_answer = models.BooleanField(_("answer"), default=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.exchange.reference} reply {self.pk}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Named by content hash, never by the uploader's name: no path tricks reach the disk.
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    side = models.CharField(_("side"), max_length=10)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(upload_to=attachment_path, max_length=200, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    # Set when the retention schedule erased the file: the row stays, with its hash, as the
    # record that something was attached.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class RecipientKind(models.TextChoices):
    MOC_PARTY = "moc_party", _("A ministry party to this MOC")
    PARTNER_MINISTRY = "partner_ministry", _("Another partner country's ministry")
    AGENCY = "agency", _("An agency outside the MOC")
    PUBLIC = "public", _("The public")


class ConsentRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    exchange = models.ForeignKey(
        Exchange, on_delete=models.CASCADE, related_name="consent_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recipient_kind = models.CharField(
        _("recipient kind"), max_length=20, choices=RecipientKind.choices
    )
    recipient_name = models.CharField(_("recipient"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")

    def __str__(self) -> str:
        return f"{self.exchange.reference} → {self.recipient_name}"


class Consent(models.Model):
    """The originator's written consent to one disclosure: recipient and purpose, with the
    letter's reference number, date and scan."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="consents")
    request = models.ForeignKey(
        ConsentRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="consents"
    )
    recipient_kind = models.CharField(
        _("recipient kind"), max_length=20, choices=RecipientKind.choices
    )
    recipient_name = models.CharField(_("recipient"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    judicial_use = models.BooleanField(_("covers use in judicial proceedings"), default=False)
    reference_number = models.CharField(_("letter reference"), max_length=100)
    consent_date = models.DateField(_("date of consent"))
    scan = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.exchange.reference} consent {self.reference_number}"


class Disclosure(models.Model):
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="disclosures")
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures"
    )
    recipient_kind = models.CharField(
        _("recipient kind"), max_length=20, choices=RecipientKind.choices
    )
    recipient_name = models.CharField(_("recipient"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    parts = models.TextField(_("what was disclosed"))
    judicial_use = models.BooleanField(_("for judicial proceedings"), default=False)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    disclosed_at = models.DateTimeField(_("disclosed"), default=timezone.now)

    class Meta:
        ordering = ["disclosed_at"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")

    def __str__(self) -> str:
        return f"{self.exchange.reference} → {self.recipient_name}"


class Notification(models.Model):
    """An entry in a user's in-app inbox; e-mailed by the worker."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(_("event"), max_length=40)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.event} {self.exchange_id}"
