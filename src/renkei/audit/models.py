from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained ledger.

    ``hash`` is the SHA-256 of the event's canonical content, which includes ``prev_hash``; so
    changing, removing or reordering any stored event breaks every hash after it.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=150)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=80)
    object_repr = models.CharField(_("object"), max_length=300)
    agreement_code = models.CharField(_("agreement"), max_length=8, blank=True, db_index=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # Personal values the event records (a person's name, a card number), kept beside the chain:
    # the hash covers only the commitment, so the retention schedule can erase values and salt.
    personal = models.JSONField(_("personal data"), null=True, blank=True)
    # Database defaults too: rows written by anything but the ORM (an older dump, a repair
    # script) are events without personal data.
    personal_salt = models.CharField(
        _("personal data salt"), max_length=32, blank=True, default="", db_default=""
    )
    personal_commitment = models.CharField(
        _("personal data commitment"), max_length=64, blank=True, default="", db_default=""
    )

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit events are append-only")


class AuditChainHead(models.Model):
    """A single row naming the newest event; locking it serialises appends on every database."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.last_seq}"


class LedgerCheckpoint(models.Model):
    """A signed tree head, kept to serve it again; its text is the evidence, and copies of it live
    outside the database ($RENKEI_HOME/checkpoints, and with whoever downloaded it)."""

    size = models.PositiveBigIntegerField(_("events"))
    root = models.CharField(_("root"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    key_id = models.CharField(_("key"), max_length=8)
    text = models.TextField(_("checkpoint"))

    class Meta:
        ordering = ["-size", "-signed_at"]
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        indexes = [models.Index(fields=["-size", "-signed_at"])]

    def __str__(self) -> str:
        return f"checkpoint {self.size} {self.root[:12]}"


class ReservedReference(models.Model):
    """A reference number handed out before a restore lost its record: never issued again."""

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    reserved_at = models.DateTimeField(_("reserved at"), auto_now_add=True)
    reason = models.CharField(_("why"), max_length=200)

    class Meta:
        verbose_name = _("reserved reference")
        verbose_name_plural = _("reserved references")

    def __str__(self) -> str:
        return self.reference
