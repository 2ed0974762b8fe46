"""Pages for intake-suspension cases: Japan records and decides them under the suspension; a
partner reads its own nationals' cases in its workspace."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renkei.accounts.models import Side
from renkei.agreements.scoping import agreement_get_for, agreements_visible_to
from renkei.core.dates import date_required
from renkei.core.errors import ApplicationError, NotFound
from renkei.core.views import scoped_page
from renkei.registry import suspension_cases
from renkei.registry.japan_views import JAPANESE_ROLES
from renkei.registry.models import IntakeSuspension, ReceivingOrganisation, SuspensionCase
from renkei.registry.retention import cases_as_shown


def _record(request, suspension: IntakeSuspension) -> None:
    post = request.POST
    if post.get("action") == "decide":
        try:
            case_id = int(post.get("case", ""))
        except ValueError as exc:
            raise NotFound() from exc
        suspension_cases.suspension_case_decide(
            actor=request.user,
            case=suspension_cases.suspension_case_get_for(request.user, case_id),
            outcome=post.get("outcome", ""),
            decided_on=date_required(post.get("decided_on", "")),
            note=post.get("note", ""),
        )
        return
    receiving = None
    number = post.get("receiving_organisation", "").strip()
    if number:
        receiving = ReceivingOrganisation.objects.filter(corporate_number=number).first()
        if receiving is None:
            raise ApplicationError(
                _("No receiving organisation with this corporate number is registered."),
                code="unknown_receiving_organisation",
            )
    level = post.get("worker_ssw_level", "")
    suspension_cases.suspension_case_record(
        actor=request.user,
        suspension=suspension,
        agreement_code=post.get("agreement", ""),
        person_name=post.get("person_name", ""),
        relation=post.get("relation", ""),
        worker_ssw_level=int(level) if level.isdigit() else 0,
        employment_contract=post.get("employment_contract", ""),
        employment_note=post.get("employment_note", ""),
        implementation=post.get("implementation", ""),
        living=post.get("living", ""),
        residence_card_number=post.get("residence_card_number", ""),
        receiving_organisation=receiving,
    )


@scoped_page
def suspension_cases_page(request, suspension_id: int):
    user = request.user
    if user.side != Side.JP or not (user.role_set() & JAPANESE_ROLES):
        raise Http404
    suspension = IntakeSuspension.objects.select_related("sector").filter(pk=suspension_id).first()
    if suspension is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            _record(request, suspension)
            messages.success(request, _("Recorded."))
            return redirect("suspension_cases", suspension.pk)
        except ApplicationError as exc:
            error = exc
    agreements = [
        a
        for a in agreements_visible_to(user)
        if a.provision_in_force("intake_suspension", suspension.effective_date)
    ]
    return render(
        request,
        "registry/suspension_cases.html",
        {
            "suspension": suspension,
            "cases": cases_as_shown(user, suspension_cases.suspension_cases_for(user, suspension)),
            "agreements": agreements,
            "relations": SuspensionCase.Relation.choices,
            "contracts": SuspensionCase.Contract.choices,
            "outcomes": [c for c in SuspensionCase.Outcome.choices if c[0] != "pending"],
            "can_decide": user.has_role("contact_point_officer"),
            "post": request.POST if error else {},
            "error": error,
        },
        status=error.status if error else 200,
    )


@scoped_page
def partner_suspension_cases_page(request, code: str):
    agreement = agreement_get_for(request.user, code)
    return render(
        request,
        "registry/partner_suspension_cases.html",
        {
            "agreement": agreement,
            "cases": cases_as_shown(
                request.user, suspension_cases.suspension_cases_for_agreement(request.user, code)
            ),
        },
    )
