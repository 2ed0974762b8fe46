from django.utils.translation import gettext_lazy as _

EVENT_TEXT = {
    "sent": _("New exchange received"),
    "acknowledged": _("Your exchange was acknowledged"),
    "replied": _("New reply"),
    "answered": _("Your exchange was answered"),
    "accepted": _("The answer was accepted"),
    "closed": _("The exchange was closed"),
    "reopened": _("The exchange was reopened"),
    "withdrawn": _("The exchange was withdrawn"),
    "attachment": _("New attachment"),
    "consent_requested": _("Consent to a disclosure is requested"),
    "consent_granted": _("Consent to a disclosure was recorded"),
    "consent_refused": _("Consent to a disclosure was refused"),
    "ack_due_soon": _("Acknowledgement due soon"),
    "ack_overdue": _("Acknowledgement overdue"),
    "answer_due_soon": _("Answer due soon"),
    "answer_overdue": _("Answer overdue"),
}


def notification_text(event: str) -> str:
    return str(EVENT_TEXT.get(event, event))
