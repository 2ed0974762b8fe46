import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        # Paths the API router does not match still answer in the API's error shape.
        body = {"error": {"code": "not_found", "message": _("Not found."), "details": {}}}
        return JsonResponse(body, status=404)
    return render(request, "404.html", status=404)


def scoped_page(view):
    """Log-in required; missing, forbidden and malformed all become the same 404 page, so a
    page never reveals what exists in another agreement."""
    from renkei.core.errors import NotFound

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc

    return login_required(wrapper)
