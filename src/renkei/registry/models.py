from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.agreements.models import Agreement
from renkei.registry.status import EventKind


class Person(models.Model):
    """A representative or officer. People are linked to organisations so that a banned
    operator's people are visible when they reappear under a new name."""

    name_original = models.CharField(_("name (original script)"), max_length=200)
    name_latin = models.CharField(_("name (Latin)"), max_length=200, blank=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name_latin or self.name_original


class SendingOrganisation(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="+")
    name_original = models.CharField(_("name (original script)"), max_length=300)
    name_latin = models.CharField(_("name (Latin)"), max_length=300, blank=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=300, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=100)
    licence_key = models.CharField(max_length=100, editable=False)
    address = models.CharField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    representative = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    officers = models.ManyToManyField(Person, blank=True, related_name="officer_of")
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name_latin", "name_original"]
        verbose_name = _("sending organisation")
        verbose_name_plural = _("sending organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "licence_key"], name="one_organisation_per_licence"
            )
        ]
        indexes = [models.Index(fields=["agreement", "name_latin"])]

    def __str__(self) -> str:
        return self.name_latin or self.name_original


class AccreditationEvent(models.Model):
    KIND_CHOICES = [
        (EventKind.APPLIED, _("Applied")),
        (EventKind.EXAMINED, _("Examined")),
        (EventKind.ACCREDITED, _("Accredited")),
        (EventKind.GUIDANCE, _("Guidance given")),
        (EventKind.UNDER_INVESTIGATION, _("Under investigation")),
        (EventKind.SUSPENDED, _("Suspended")),
        (EventKind.REVOKED, _("Revoked")),
        (EventKind.REINSTATED, _("Reinstated")),
        (EventKind.EXPIRED, _("Expired")),
    ]
    # Fields the MOC's publication duty makes public; everything else stays in the circle.
    PUBLIC_KINDS = (
        EventKind.ACCREDITED,
        EventKind.REVOKED,
        EventKind.REINSTATED,
        EventKind.EXPIRED,
    )

    organisation = models.ForeignKey(
        SendingOrganisation, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=30, choices=KIND_CHOICES)
    effective_date = models.DateField(_("effective date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved for publication"), null=True, blank=True)

    class Meta:
        ordering = ["effective_date", "pk"]
        verbose_name = _("accreditation event")
        verbose_name_plural = _("accreditation events")
        indexes = [models.Index(fields=["organisation", "effective_date"])]

    def __str__(self) -> str:
        return f"{self.organisation} {self.kind} {self.effective_date}"


class PublicStatusPeriod(models.Model):
    """What the public register says of an organisation from ``starts_on`` until the day
    before ``ends_on``: compiled from its released events (``status_periods``) each time one of
    them is released, so that a register page selects, counts and orders its organisations for
    any date in one query instead of replaying every organisation's history (ADR 14)."""

    organisation = models.ForeignKey(
        SendingOrganisation, on_delete=models.CASCADE, related_name="+"
    )
    # The organisation's agreement (which never changes), kept here to lead the index.
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)  # None: still so
    status = models.CharField(max_length=30)

    class Meta:
        # Covering what a register page asks of it: which organisations, on a date.
        indexes = [
            models.Index(
                fields=["agreement", "status", "starts_on", "ends_on", "organisation"],
                name="public_status_on_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.status} {self.starts_on}–{self.ends_on or ''}"


class ReceivingOrganisation(models.Model):
    corporate_number = models.CharField(_("corporate number"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=300)
    address = models.CharField(_("address"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("receiving organisation")
        verbose_name_plural = _("receiving organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.corporate_number})"


class SupportOrganisation(models.Model):
    """A registered support organisation as on ISA's list; kept when it leaves the list."""

    registration_number = models.CharField(_("registration number"), max_length=30, unique=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=300)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    office = models.CharField(_("office"), max_length=500, blank=True)
    support_start = models.DateField(_("support starts"), null=True, blank=True)
    languages = models.CharField(_("languages"), max_length=300, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    on_list = models.BooleanField(_("on the current list"), default=True)
    row_digest = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["registration_number"]
        verbose_name = _("registered support organisation")
        verbose_name_plural = _("registered support organisations")

    def __str__(self) -> str:
        return f"{self.registration_number} {self.name}"

    @property
    def expires_on(self) -> date | None:
        # Registration lasts five years (入管法 19条の23).
        if self.registered_on is None:
            return None
        try:
            return self.registered_on.replace(year=self.registered_on.year + 5)
        except ValueError:  # 29 February
            return self.registered_on.replace(year=self.registered_on.year + 5, day=28)


class SupportOrgListVersion(models.Model):
    as_of = models.DateField(_("as of"))
    file_sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    added = models.JSONField(default=list)
    changed = models.JSONField(default=list)
    removed = models.JSONField(default=list)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved for publication"), null=True, blank=True)

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("support-organisation list version")
        verbose_name_plural = _("support-organisation list versions")

    def __str__(self) -> str:
        return f"{self.as_of} ({self.rows})"


class ImprovementOrder(models.Model):
    TARGET_CHOICES = [
        ("receiving_organisation", _("Receiving organisation")),
        ("registered_support_organisation", _("Registered support organisation")),
    ]
    target_kind = models.CharField(_("target"), max_length=40, choices=TARGET_CHOICES)
    receiving_organisation = models.ForeignKey(
        ReceivingOrganisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    support_organisation = models.ForeignKey(
        SupportOrganisation, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    issued_on = models.DateField(_("issued on"))
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    findings = models.TextField(_("findings"))
    # As written, and rendered ({"en": {"legal_basis": ..., "findings": ...}}): the partners
    # are notified, and publish it, in their working language.
    language = models.CharField(_("language"), max_length=5, default="ja")
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    agreements = models.ManyToManyField(
        Agreement, related_name="+", verbose_name=_("notified partners")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved for publication"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("improvement order")
        verbose_name_plural = _("improvement orders")

    def __str__(self) -> str:
        return f"{self.issued_on} {self.target}"

    @property
    def target(self):
        return self.receiving_organisation or self.support_organisation


class CandidateCertificate(models.Model):
    STATUS_CHOICES = [("valid", _("Valid")), ("revoked", _("Revoked"))]

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("certificate number"), max_length=50)
    number_key = models.CharField(max_length=50, editable=False)
    candidate_name = models.CharField(_("candidate"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default="valid")
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    # The accredited organisation the candidate is sent through (KH §5(2)); required where the
    # MOC sends workers only through accredited organisations.
    sending_organisation = models.ForeignKey(
        SendingOrganisation,
        verbose_name=_("sending organisation"),
        on_delete=models.PROTECT,
        related_name="certificates",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("candidate certificate")
        verbose_name_plural = _("candidate certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number_key"], name="one_certificate_per_number"
            )
        ]

    def __str__(self) -> str:
        return self.number


class Sector(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    ordering = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordering"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name_en


class IntakeSuspension(models.Model):
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+")
    ssw_level = models.PositiveSmallIntegerField(
        _("SSW level"), choices=[(1, _("SSW No. 1")), (2, _("SSW No. 2"))]
    )
    effective_date = models.DateField(_("effective date"))
    reason = models.TextField(_("reason"))
    language = models.CharField(_("language"), max_length=5, default="ja")
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved for publication"), null=True, blank=True)

    class Meta:
        ordering = ["-effective_date", "-pk"]
        verbose_name = _("intake suspension")
        verbose_name_plural = _("intake suspensions")

    def __str__(self) -> str:
        return f"{self.sector} {self.ssw_level} {self.effective_date}"


class SuspensionCase(models.Model):
    """A worker (or, for SSW No. 2, a dependant) whose stay Japan considers while intake in the
    sector is suspended: the MOC has Japan weigh the employment contract with the receiving
    organisation, how the work is being carried out and how the person lives (LA/KG/TJ/KH §8,
    PK §6)."""

    class Relation(models.TextChoices):
        WORKER = "worker", _("SSW worker")
        SPOUSE = "spouse", _("Spouse (dependant)")
        CHILD = "child", _("Child (dependant)")

    class Contract(models.TextChoices):
        CONTINUING = "continuing", _("Contract continuing")
        ENDING = "ending", _("Contract ending or not renewed")
        ENDED = "ended", _("Contract ended")
        CHANGING_EMPLOYER = "changing_employer", _("Changing receiving organisation")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Under consideration")
        STAY_PERMITTED = "stay_permitted", _("Stay permitted")
        CHANGE_PERMITTED = "change_permitted", _("Change of status or employer permitted")
        STAY_NOT_PERMITTED = "stay_not_permitted", _("Stay not permitted")

    suspension = models.ForeignKey(IntakeSuspension, on_delete=models.PROTECT, related_name="cases")
    # The person's nationality is the partner's: the case belongs to that agreement's scope.
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    worker_ssw_level = models.PositiveSmallIntegerField(
        _("SSW level of the worker"), choices=[(1, _("SSW No. 1")), (2, _("SSW No. 2"))]
    )
    residence_card_number = models.CharField(_("residence card number"), max_length=12, blank=True)
    receiving_organisation = models.ForeignKey(
        ReceivingOrganisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employment_contract = models.CharField(
        _("employment contract"), max_length=20, choices=Contract.choices
    )
    employment_note = models.TextField(_("employment-contract circumstances"), blank=True)
    implementation = models.TextField(_("implementation circumstances"))
    living = models.TextField(_("living circumstances"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # The retention schedule's mark (registry/retention.py): blank, "blocked" or "erased".
    personal_state = models.CharField(_("personal data"), max_length=10, blank=True, default="")
    personal_state_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["suspension", "pk"]
        verbose_name = _("suspension case")
        verbose_name_plural = _("suspension cases")

    def __str__(self) -> str:
        # No name: this is what the ledger and logs show of a case (ADR 21).
        return f"{self.suspension} case {self.pk}"
