from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.agreements.provisions import KEYS, provision_key_get

# (agreement pk, data digest, amendments in force) → (provisions as signed, amendment changes).
_PROVISIONS_BY_DIGEST: dict[tuple[int, str, int], tuple[list, list]] = {}


class AgreementStatus(models.TextChoices):
    SIGNED = "signed", _("Signed, not in force")
    IN_FORCE = "in_force", _("In force")
    TERMINATED = "terminated", _("Terminated")


class Agreement(models.Model):
    """One bilateral MOC. Its code is the partner's ISO 3166 alpha-2 code."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    country_ja = models.CharField(_("country (Japanese)"), max_length=100)
    country_en = models.CharField(_("country (English)"), max_length=100)
    # The partner ministry's zone (IANA name), the default in which its officers read times.
    time_zone = models.CharField(_("time zone"), max_length=40, default="Asia/Tokyo")
    # The language of the signed text: what crosses between the two sides is written in it.
    working_language = models.CharField(_("working language"), max_length=5, default="en")
    partner_ministry_ja = models.CharField(_("partner ministry (Japanese)"), max_length=200)
    partner_ministry_en = models.CharField(_("partner ministry (English)"), max_length=200)
    partner_ministry_abbr = models.CharField(_("abbreviation"), max_length=20, blank=True)
    jp_contact_point_ja = models.CharField(_("Japanese contact point (Japanese)"), max_length=200)
    jp_contact_point_en = models.CharField(_("Japanese contact point (English)"), max_length=200)
    partner_contact_point_ja = models.CharField(
        _("partner contact point (Japanese)"), max_length=200
    )
    partner_contact_point_en = models.CharField(
        _("partner contact point (English)"), max_length=200
    )
    status = models.CharField(_("status"), max_length=12, choices=AgreementStatus.choices)
    source = models.CharField(_("source text"), max_length=100)
    # SHA-256 of the data file it was loaded from: reloading unchanged data writes nothing.
    data_digest = models.CharField(max_length=64)
    # The life cycle, recorded through services (LifecycleEvent holds the history).
    commenced_on = models.DateField(_("in force since"), null=True, blank=True)
    end_date = models.DateField(_("ends on"), null=True, blank=True)
    # How many amendments are in force: part of the provision cache key.
    amendments_in_force = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.code} — {self.partner_ministry_en}"

    def provision(self, key: str, on: date | None = None) -> "Provision | None":
        """The provision under ``key`` in force on ``on`` (today by default), or None where
        this MOC does not provide for it on that date. A key no declaration has is a mistake,
        refused rather than answered "not provided"."""
        provision_key_get(key)
        # provisions_on's rule for one key, without building every provision: the signed one,
        # then each amendment in force by ``on`` that changes this key, in order. The day is
        # asked for only when some amendment is in force.
        signed, changes = self._provision_sources()
        found = next((p for p in signed if p.key == key), None)
        if changes:
            day = on or timezone.localdate()
            for change in changes:
                if change.amendment.effective_on > day:
                    break
                if change.key == key:
                    found = None if change.action == "remove" else change.as_provision(self)
        return found

    def provision_in_force(self, key: str, on: date | None = None) -> bool:
        """Whether this MOC provides for ``key`` on ``on`` (today by default): the one question
        every workflow asks before it acts."""
        return self.provision(key, on) is not None

    def provisions_on(self, on: date | None = None) -> list["Provision"]:
        """The provisions as signed, with every amendment in force by ``on`` applied in the
        order the amendments took effect."""
        day = on or timezone.localdate()
        signed, changes = self._provision_sources()
        by_key = {p.key: p for p in signed}
        for change in changes:
            if change.amendment.effective_on > day:
                break
            if change.action == "remove":
                by_key.pop(change.key, None)
            else:
                by_key[change.key] = change.as_provision(self)
        return list(by_key.values())

    def _provision_sources(self) -> tuple[list["Provision"], list]:
        if hasattr(self, "_provision_cache"):
            return self._provision_cache
        # Provisions change only when the agreement's data changes (its digest) or an amendment
        # enters into force (its amendment count): a process-wide cache keyed by both is never
        # stale for a freshly read agreement.
        key = (self.pk, self.data_digest, self.amendments_in_force)
        if key not in _PROVISIONS_BY_DIGEST:
            prefetched = getattr(self, "_prefetched_objects_cache", {}).get("provisions")
            signed = list(prefetched) if prefetched is not None else list(self.provisions.all())
            changes = []
            if self.amendments_in_force:
                changes = list(
                    AmendmentChange.objects.filter(
                        amendment__agreement=self, amendment__status=Amendment.Status.IN_FORCE
                    )
                    .select_related("amendment")
                    .order_by("amendment__effective_on", "amendment__number", "pk")
                )
            _PROVISIONS_BY_DIGEST[key] = (signed, changes)
        self._provision_cache = _PROVISIONS_BY_DIGEST[key]
        return self._provision_cache

    def in_force_on(self, day) -> bool:
        """Whether anything may be sent under the MOC on ``day``."""
        if self.status == AgreementStatus.SIGNED:
            return False
        if day < (self.commenced_on or self.signed_on()):
            return False
        return self.end_date is None or day < self.end_date

    def signed_on(self) -> date:
        """When the last signature was made: an MOC that starts on signature starts then
        (KG's two signatures are both recorded; the MOC is complete with the second)."""
        return max(s.signed_on for s in self.signatures.all())

    def country(self, language: str) -> str:
        return self.country_ja if language == "ja" else self.country_en

    def partner_ministry(self, language: str) -> str:
        return self.partner_ministry_ja if language == "ja" else self.partner_ministry_en


class Signature(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    order = models.PositiveSmallIntegerField(_("order"))
    signed_on = models.DateField(_("signed on"))
    place_ja = models.CharField(_("place (Japanese)"), max_length=100)
    place_en = models.CharField(_("place (English)"), max_length=100)

    class Meta:
        ordering = ["agreement", "order"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "order"], name="signature_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.signed_on} {self.place_en}"


class Provision(models.Model):
    # Set on the provisions an amendment words (see AmendmentChange.as_provision).
    amendment_number: int | None = None
    effective_on: date | None = None

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="provisions")
    key = models.CharField(_("key"), max_length=40, choices=[(k, k) for k in KEYS])
    clause = models.CharField(_("clause"), max_length=40)
    text = models.TextField(_("clause text (Japanese)"))
    # Rendered from the Japanese provisional translation: unofficial, the signed English rules.
    text_en = models.TextField(_("clause text (unofficial English rendering)"), blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    note_ja = models.TextField(_("note (Japanese)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "key"], name="one_provision_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.agreement.code} {self.key} {self.clause}"

    def note(self, language: str) -> str:
        return self.note_ja if language == "ja" else self.note_en

    def text_in(self, language: str) -> str:
        """The clause for a reader: the Japanese provisional translation, or for other readers
        the English rendering (labelled unofficial wherever it is shown)."""
        return self.text if language == "ja" or not self.text_en else self.text_en

    def parameters_display(self) -> list[tuple[str, str]]:
        """Each parameter as (a sentence in the reader's language, the stored code for a
        tooltip): ``("Ends 6 months after a notice of termination", "months: 6")``."""
        declared = {p.name: p for p in provision_key_get(self.key).parameters}
        return [
            (
                declared[name].describe(value) if name in declared else str(value),
                f"{name}: {', '.join(map(str, value)) if isinstance(value, list) else value}",
            )
            for name, value in self.parameters.items()
        ]


class AgreementAssignment(models.Model):
    """Which agreements a user works in. A partner user has exactly its own."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        verbose_name = _("agreement assignment")
        verbose_name_plural = _("agreement assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "agreement"], name="one_assignment_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.agreement.code}"


class LifecycleEvent(models.Model):
    """A dated act in the life of an MOC: commencement by notification, notice of termination."""

    class Kind(models.TextChoices):
        COMMENCEMENT_NOTIFIED = (
            "commencement_notified",
            _("Notification of completed procedures received"),
        )
        FRAMEWORK_REVIEW = "framework_review", _("Framework review")
        AMENDMENT_IN_FORCE = "amendment_in_force", _("Amendment in force")
        TERMINATION_NOTICE = "termination_notice", _("Notice of termination")
        ENDED = "ended", _("Ended")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="lifecycle_events"
    )
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    event_date = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    by_side = models.CharField(_("side"), max_length=10)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["event_date", "pk"]
        verbose_name = _("life-cycle event")
        verbose_name_plural = _("life-cycle events")

    def __str__(self) -> str:
        return f"{self.agreement.code} {self.kind} {self.event_date}"


class Amendment(models.Model):
    """A change to the MOC proposed by either side; in force only once both sides' written
    consent is recorded (§9 / KG, TJ §9)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        IN_FORCE = "in_force", _("In force")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DECLINED = "declined", _("Declined")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField(_("number"))
    summary = models.TextField(_("summary"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by_side = models.CharField(_("proposed by"), max_length=10)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField(_("proposed on"))
    # Blank: in force on the day the second consent is recorded.
    effective_on = models.DateField(_("takes effect on"), null=True, blank=True)
    # An amendment may end an MOC that has no termination clause.
    ends_agreement_on = models.DateField(_("ends the MOC on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="amendment_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement.code} amendment {self.number}"

    def consent_of(self, side: str) -> "AmendmentConsent | None":
        return next((c for c in self.consents.all() if c.side == side), None)


class AmendmentChange(models.Model):
    """One provision added, replaced or removed by an amendment."""

    class Action(models.TextChoices):
        ADD = "add", _("Add")
        REPLACE = "replace", _("Replace")
        REMOVE = "remove", _("Remove")

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="changes")
    key = models.CharField(_("key"), max_length=40, choices=[(k, k) for k in KEYS])
    action = models.CharField(_("change"), max_length=10, choices=Action.choices)
    clause = models.CharField(_("clause"), max_length=40, blank=True)
    text = models.TextField(_("clause text"), blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)

    class Meta:
        ordering = ["amendment", "pk"]
        verbose_name = _("amendment change")
        verbose_name_plural = _("amendment changes")
        constraints = [
            models.UniqueConstraint(fields=["amendment", "key"], name="one_change_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.amendment} {self.action} {self.key}"

    def as_provision(self, agreement: Agreement) -> "Provision":
        """The provision as this change words it (never saved: the signed text stays as is)."""
        provision = Provision(
            agreement=agreement,
            key=self.key,
            clause=self.clause,
            text=self.text,
            parameters=self.parameters,
        )
        provision.amendment_number = self.amendment.number
        provision.effective_on = self.amendment.effective_on
        return provision


class AmendmentConsent(models.Model):
    """One side's written consent to an amendment, recorded by that side's contact point."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="consents")
    side = models.CharField(_("side"), max_length=10)
    consented_on = models.DateField(_("consent dated"))
    reference = models.CharField(_("reference"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["amendment", "side"]
        verbose_name = _("written consent")
        verbose_name_plural = _("written consents")
        constraints = [
            models.UniqueConstraint(fields=["amendment", "side"], name="one_consent_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.amendment} {self.side} {self.consented_on}"
