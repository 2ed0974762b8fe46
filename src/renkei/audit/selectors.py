from django.db.models import QuerySet

from renkei.audit.models import AuditEvent


def audit_events_for_agreement(*, agreement_code: str, limit: int = 20) -> QuerySet[AuditEvent]:
    """Callers must have scoped ``agreement_code`` to the actor first (agreements.scoping)."""
    return AuditEvent.objects.filter(agreement_code=agreement_code).order_by("-seq")[:limit]
