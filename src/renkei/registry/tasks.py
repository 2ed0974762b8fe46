"""Background work for the registers (django-tasks, run by `renkei worker`)."""

from django_tasks import task

from renkei.accounts.models import Side
from renkei.registry.models import SupportOrganisation
from renkei.registry.screening_inputs import support_org_entry
from renkei.screening.services import screen_records


@task()
def support_orgs_screen(registration_numbers: list[str]) -> int:
    """Screen the organisations an import added or changed. A list of thousands of rows is
    screened in the worker, so the import itself stays fast; returns the number of new hits."""
    organisations = SupportOrganisation.objects.filter(registration_number__in=registration_numbers)
    entries = [support_org_entry(o) for o in organisations]
    return len(screen_records(actor=None, entries=entries, agreement=None, side=Side.JP))
