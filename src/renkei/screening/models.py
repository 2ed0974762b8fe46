from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.agreements.models import Agreement


class SourceType(models.TextChoices):
    SENDING_ORGANISATION = "sending_organisation", _("Sending organisation")
    SENDING_ORGANISATION_PERSON = (
        "sending_organisation_person",
        _("Representative or officer of a sending organisation"),
    )
    INTERMEDIARY = "intermediary", _("Intermediary named in a misconduct report")
    SUPPORT_ORGANISATION = "support_organisation", _("Registered support organisation")
    SUPPORT_ORGANISATION_PERSON = (
        "support_organisation_person",
        _("Representative of a registered support organisation"),
    )
    RECEIVING_ORGANISATION = "receiving_organisation", _("Receiving organisation")


class ScreenedName(models.Model):
    """One name stored somewhere in the product, with its keys. The source record owns it:
    screening never reads the other apps' tables, the services hand it their names."""

    source_type = models.CharField(_("source"), max_length=40, choices=SourceType.choices)
    source_id = models.PositiveBigIntegerField()
    # The agreement the record belongs to; none for Japan's own registers (support and
    # receiving organisations), which no partner's screening reaches.
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    originating_side = models.CharField(_("side"), max_length=10)
    kind = models.CharField(_("kind"), max_length=12)  # person | organisation
    name = models.CharField(_("name"), max_length=300)
    # For a person, the record of the organisation it belongs to (for corroboration and so
    # that a revoked organisation's officers carry its flag).
    parent_type = models.CharField(max_length=40, blank=True)
    parent_id = models.PositiveBigIntegerField(null=True, blank=True)
    label = models.CharField(_("record"), max_length=300)  # e.g. "LA-SO-001 (revoked)"
    flagged = models.BooleanField(_("flagged"), default=False)  # revoked, banned, reported
    key_original = models.CharField(max_length=300)
    key_roman = models.CharField(max_length=600)
    key_bare = models.CharField(max_length=600, db_index=True)
    key_skeleton = models.CharField(max_length=600)
    script = models.CharField(max_length=20)
    legal_kinds = models.CharField(max_length=100, blank=True)  # comma-separated
    phone = models.CharField(max_length=20, blank=True, db_index=True)
    identifier = models.CharField(max_length=100, blank=True, db_index=True)
    address = models.CharField(max_length=600, blank=True)
    # What made the keys (names.keys_version): names keyed by an older matcher or library are
    # keyed again on deploy.
    keys_version = models.CharField(max_length=16, blank=True, db_index=True)

    class Meta:
        verbose_name = _("screened name")
        verbose_name_plural = _("screened names")
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            # An organisation's people are found by their parent when its names are replaced.
            models.Index(fields=["parent_type", "parent_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.source_type} {self.source_id})"


class Hit(models.Model):
    """A pair of stored names that may be the same person or organisation, for review."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        CONFIRMED = "confirmed", _("Same person or organisation")
        DISMISSED = "dismissed", _("Dismissed")

    new = models.ForeignKey(ScreenedName, on_delete=models.CASCADE, related_name="hits_as_new")
    existing = models.ForeignKey(
        ScreenedName, on_delete=models.CASCADE, related_name="hits_as_existing"
    )
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("explanation"), default=dict)
    # The agreements the two sides belong to, for scoping; null is Japan's own register.
    new_agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    existing_agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        ordering = ["-score", "-pk"]
        verbose_name = _("screening hit")
        verbose_name_plural = _("screening hits")
        constraints = [models.UniqueConstraint(fields=["new", "existing"], name="one_hit_per_pair")]

    def __str__(self) -> str:
        return f"{self.new.name} ~ {self.existing.name} ({self.score:.2f})"


class IndexVersion(models.Model):
    """One row, rewritten whenever stored names change: each process rebuilds its in-memory
    index when the token it last saw differs (one primary-key read per screening). A fresh
    random token, not a counter: a rolled-back change must never hand its number on to the
    next one, or a process that saw the rolled-back names would keep them."""

    version = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = _("index version")
        verbose_name_plural = _("index versions")

    def __str__(self) -> str:
        return self.version
