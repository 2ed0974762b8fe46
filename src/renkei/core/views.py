from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        # Paths the API router does not match still answer in the API's error shape.
        body = {"error": {"code": "not_found", "message": _("Not found."), "details": {}}}
        return JsonResponse(body, status=404)
    return render(request, "404.html", status=404)
