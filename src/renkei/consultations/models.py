from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.accounts.models import PARTY_SIDES
from renkei.agreements.models import Agreement

# §4(2): the main topics of consultation, the same letters in every MOC.
TOPICS = {
    "a": _("(a) Implementation and changes of policy"),
    "b": _("(b) Appropriateness of intermediaries, corrective measures"),
    "c": _("(c) Examinations; measures against improper organisations"),
    "d": _("(d) Proper conduct of skills and Japanese-language tests"),
    "e": _("(e) Residence management in Japan"),
    "f": _("(f) Other matters"),
}


class Meeting(models.Model):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Periodic")
        AD_HOC = "ad_hoc", _("Ad hoc")
        DISPUTE = "dispute", _("Dispute consultation")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        HELD = "held", _("Minutes approved")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    proposed_by_side = models.CharField(_("proposed by"), max_length=10)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place or video link"), max_length=300)
    attendees = models.TextField(_("attendees"), blank=True)
    minutes_ja = models.TextField(_("minutes (Japanese)"), blank=True)
    minutes_en = models.TextField(_("minutes (English)"), blank=True)
    approved_by_jp_at = models.DateTimeField(_("approved by Japan"), null=True, blank=True)
    approved_by_partner_at = models.DateTimeField(
        _("approved by the partner"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"{self.agreement.code} {self.starts_at:%Y-%m-%d} {self.kind}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    topic = models.CharField(_("topic"), max_length=1, choices=list(TOPICS.items()))
    title = models.CharField(_("title"), max_length=300)
    # As for exchanges: the title as written, and its renderings ({"en": {"title": ...}}).
    language = models.CharField(_("language"), max_length=5, default="ja")
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    # What the item discusses, within the same agreement: a sent exchange, a sending
    # organisation of the partner's register, an improvement order notified under the MOC.
    exchange = models.ForeignKey(
        "exchange.Exchange",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("related exchange"),
    )
    sending_organisation = models.ForeignKey(
        "registry.SendingOrganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("related sending organisation"),
    )
    improvement_order = models.ForeignKey(
        "registry.ImprovementOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("related improvement order"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"({self.topic}) {self.title}"


class Action(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("decision or corrective action"))
    language = models.CharField(_("language"), max_length=5, default="ja")
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    owner_side = models.CharField(
        _("owner"),
        max_length=10,
        choices=[(side.value, side.label) for side in PARTY_SIDES],
    )
    due_on = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.description[:60]
