"""The review queue and an on-demand check, for the contact points and officers."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renkei.core.errors import ApplicationError, NotFound
from renkei.core.views import scoped_page
from renkei.screening import selectors, services
from renkei.screening.matching import Query
from renkei.screening.models import Hit


@scoped_page
def screening_page(request):
    if not selectors.may_screen(request.user):
        raise Http404
    error = None
    if request.method == "POST":
        try:
            try:
                hit_id = int(request.POST.get("hit", ""))
            except ValueError as exc:
                raise NotFound() from exc
            services.hit_review(
                actor=request.user,
                hit_id=hit_id,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Recorded."))
            return redirect("screening")
        except NotFound:
            raise
        except ApplicationError as exc:
            error = exc
    status = request.GET.get("status", Hit.Status.OPEN)
    if status not in Hit.Status.values:
        status = Hit.Status.OPEN
    candidates, query_error, name = [], None, request.GET.get("name", "")
    if name:
        try:
            query = Query(
                name=services.screening_name_clean(name),
                kind="organisation" if request.GET.get("kind") == "organisation" else "person",
            )
            found = selectors.screening_check_for(request.user, query)
            rows = selectors.names_by_pk({c.stored.pk for c in found})
            candidates = [(c, rows[c.stored.pk]) for c in found if c.stored.pk in rows]
        except ApplicationError as exc:
            query_error = exc
    return render(
        request,
        "screening/queue.html",
        {
            "hits": selectors.hits_for(request.user, status)[:100],
            "status": status,
            "statuses": Hit.Status.choices,
            "is_contact": request.user.has_role("contact_point_officer"),
            "name": name,
            "candidates": candidates,
            "threshold": settings.RENKEI_SCREENING_THRESHOLD,
            "query_error": query_error,
            "error": error,
        },
        status=400 if (error or query_error) else 200,
    )
