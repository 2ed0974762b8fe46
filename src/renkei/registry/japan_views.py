"""The Japanese side's registers on one page: receiving organisations and improvement orders,
the registered-support-organisation list, intake suspensions — and their release to the public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renkei.accounts.models import Side
from renkei.agreements.scoping import agreements_visible_to
from renkei.core.dates import date_required
from renkei.core.errors import ApplicationError
from renkei.registry import services
from renkei.registry.models import (
    ImprovementOrder,
    IntakeSuspension,
    ReceivingOrganisation,
    Sector,
    SupportOrganisation,
    SupportOrgListVersion,
)
from renkei.registry.support_list import support_org_list_share, support_orgs_import

JAPANESE_ROLES = {"contact_point_officer", "officer", "publisher"}


def _act(request):
    post, user = request.POST, request.user
    action = post.get("action", "")
    if action == "receiving":
        services.receiving_org_register(
            actor=user,
            corporate_number=post.get("corporate_number", ""),
            name=post.get("name", ""),
            address=post.get("address", ""),
        )
        return _("Receiving organisation registered.")
    if action == "order":
        kind = post.get("target_kind", "")
        identifier = post.get("target", "").strip()
        receiving = (
            ReceivingOrganisation.objects.filter(corporate_number=identifier).first()
            if kind == "receiving_organisation"
            else None
        )
        support = (
            SupportOrganisation.objects.filter(registration_number=identifier).first()
            if kind != "receiving_organisation"
            else None
        )
        services.improvement_order_record(
            actor=user,
            target_kind=kind,
            receiving_organisation=receiving,
            support_organisation=support,
            issued_on=date_required(post.get("issued_on")),
            legal_basis=post.get("legal_basis", ""),
            findings=post.get("findings", ""),
            agreement_codes=post.getlist("agreements"),
        )
        return _("Improvement order recorded and notified.")
    if action == "import":
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError(_("Choose a file."), code="no_file")
        as_of = date_required(post["as_of"]) if post.get("as_of") else None
        report = support_orgs_import(
            actor=user, content=upload.read(), filename=upload.name, as_of=as_of
        )
        return _("The list is unchanged.") if report.unchanged else _("List imported.")
    if action == "share":
        version = SupportOrgListVersion.objects.filter(pk=post.get("version")).first()
        if version is None:
            raise Http404
        support_org_list_share(
            actor=user, version=version, agreement_code=post.get("agreement", "")
        )
        return _("List shared.")
    if action == "suspend":
        sector = Sector.objects.filter(code=post.get("sector")).first()
        if sector is None:
            raise ApplicationError(_("Choose a sector."), code="required")
        level = post.get("ssw_level", "")
        services.intake_suspension_record(
            actor=user,
            sector=sector,
            ssw_level=int(level) if level.isdigit() else 0,
            effective_date=date_required(post.get("effective_date")),
            reason=post.get("reason", ""),
        )
        return _("Intake suspended and partners notified.")
    if action == "lift":
        suspension = IntakeSuspension.objects.filter(pk=post.get("suspension")).first()
        if suspension is None:
            raise Http404
        services.intake_suspension_lift(
            actor=user, suspension=suspension, lifted_on=date_required(post.get("lifted_on"))
        )
        return _("Intake resumed and partners notified.")
    if action == "approve":
        model = {
            "order": ImprovementOrder,
            "version": SupportOrgListVersion,
            "suspension": IntakeSuspension,
        }.get(post.get("kind"))
        entry = model.objects.filter(pk=post.get("id")).first() if model else None
        if entry is None:
            raise Http404
        services.publication_approve(actor=user, entry=entry)
        return _("Released to the public pages.")
    raise Http404


@login_required
def japanese_registers(request):
    user = request.user
    if user.side != Side.JP or not (user.role_set() & JAPANESE_ROLES):
        raise Http404
    error = None
    if request.method == "POST":
        try:
            messages.success(request, _act(request))
            return redirect("registers")
        except ApplicationError as exc:
            error = exc
    agreements = list(agreements_visible_to(user))
    return render(
        request,
        "registry/japan.html",
        {
            "error": error,
            "receiving": ReceivingOrganisation.objects.all()[:50],
            "orders": ImprovementOrder.objects.select_related(
                "receiving_organisation", "support_organisation"
            ).prefetch_related("agreements")[:50],
            "versions": SupportOrgListVersion.objects.all()[:10],
            "suspensions": IntakeSuspension.objects.select_related("sector")[:50],
            "sectors": Sector.objects.all(),
            "order_agreements": [
                a for a in agreements if a.provision_in_force("improvement_order_notice")
            ],
            "share_agreements": [
                a for a in agreements if a.provision_in_force("support_org_list_sharing")
            ],
            "is_publisher": user.has_role("publisher"),
            "post": request.POST,
        },
        status=error.status if error else 200,
    )
