"""Background work on django-tasks (database backend, run by `renkei worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from renkei.exchange.models import Notification
from renkei.exchange.notices import notification_text


@task()
def notification_email_send(notification_id: int) -> bool:
    """E-mail one inbox entry to its user, in the user's language, without the case content:
    the mail says what happened and links to the exchange, behind the log-in."""
    notification = (
        Notification.objects.filter(pk=notification_id)
        .select_related("user", "exchange__agreement")
        .first()
    )
    if notification is None or not notification.user.email:
        return False
    exchange = notification.exchange
    with translation.override(notification.user.preferred_language or "ja"):
        subject = f"[renkei] {exchange.reference} {notification_text(notification.event)}"
        link = settings.RENKEI_SITE_URL.rstrip("/") + reverse(
            "exchange:detail", args=[exchange.agreement.code, exchange.pk]
        )
        body = f"{notification_text(notification.event)}\n{exchange.reference}\n{link}\n"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.user.email])
    return True
