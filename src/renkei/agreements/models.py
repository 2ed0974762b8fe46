from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.agreements.provisions import KEYS

_PROVISIONS_BY_DIGEST: dict[tuple[int, str], list] = {}


class AgreementStatus(models.TextChoices):
    SIGNED = "signed", _("Signed, not in force")
    IN_FORCE = "in_force", _("In force")
    TERMINATED = "terminated", _("Terminated")


class Agreement(models.Model):
    """One bilateral MOC. Its code is the partner's ISO 3166 alpha-2 code."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    country_ja = models.CharField(_("country (Japanese)"), max_length=100)
    country_en = models.CharField(_("country (English)"), max_length=100)
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

    class Meta:
        ordering = ["code"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.code} — {self.partner_ministry_en}"

    def provision(self, key: str) -> "Provision | None":
        """The provision under ``key``, or None where this MOC does not provide for it."""
        for provision in self._provisions():
            if provision.key == key:
                return provision
        return None

    def has_provision(self, key: str) -> bool:
        return self.provision(key) is not None

    def _provisions(self) -> list["Provision"]:
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "provisions" in cache:
            return list(cache["provisions"])
        if not hasattr(self, "_provision_cache"):
            # Provisions change only when the agreement's data changes, and that changes its
            # digest: a process-wide cache keyed by it is never stale.
            key = (self.pk, self.data_digest)
            if key not in _PROVISIONS_BY_DIGEST:
                _PROVISIONS_BY_DIGEST[key] = list(self.provisions.all())
            self._provision_cache = _PROVISIONS_BY_DIGEST[key]
        return self._provision_cache

    def in_force_on(self, day) -> bool:
        """Whether anything may be sent under the MOC on ``day``."""
        if self.status == AgreementStatus.SIGNED:
            return False
        if self.commenced_on is not None and day < self.commenced_on:
            return False
        return self.end_date is None or day < self.end_date

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
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="provisions")
    key = models.CharField(_("key"), max_length=40, choices=[(k, k) for k in KEYS])
    clause = models.CharField(_("clause"), max_length=40)
    text = models.TextField(_("clause text (Japanese)"))
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

    def parameters_display(self) -> list[tuple[str, str]]:
        """``[("targets", "receiving_organisation, registered_support_organisation")]``"""
        return [
            (name, ", ".join(map(str, value)) if isinstance(value, list) else str(value))
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
