"""`renkei screening run`: store the keys of every name in the product again and screen them
all — after an upgrade of the matcher, or to screen records made before screening existed."""

from __future__ import annotations

from django.db import transaction

from renkei.accounts.models import Side
from renkei.exchange.selectors import exchanges_to_screen
from renkei.registry.models import ReceivingOrganisation, SendingOrganisation, SupportOrganisation
from renkei.registry.screening_inputs import (
    receiving_org_entry,
    sending_org_entry,
    support_org_entry,
)
from renkei.screening.services import screen_records


def screening_run_all() -> dict[str, int]:
    counts = {"sending_organisations": 0, "support_organisations": 0, "reports": 0, "hits": 0}
    # Japan's own registers (support and receiving organisations) are screened together.
    with transaction.atomic():
        organisations = SendingOrganisation.objects.select_related(
            "agreement", "representative"
        ).prefetch_related("officers", "events")
        by_agreement: dict = {}
        for organisation in organisations:
            by_agreement.setdefault(organisation.agreement, []).append(
                sending_org_entry(organisation)
            )
            counts["sending_organisations"] += 1
        for agreement, entries in by_agreement.items():
            counts["hits"] += len(
                screen_records(actor=None, entries=entries, agreement=agreement, side=Side.PARTNER)
            )
        supports = [support_org_entry(o) for o in SupportOrganisation.objects.all()]
        supports += [receiving_org_entry(o) for o in ReceivingOrganisation.objects.all()]
        counts["support_organisations"] = len(supports)
        counts["hits"] += len(
            screen_records(actor=None, entries=supports, agreement=None, side=Side.JP)
        )
        for report, screening in exchanges_to_screen():
            counts["hits"] += len(screening.run(None, report))
            counts["reports"] += 1
    return counts
