from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def application_error_page(request, exc):
    return render(request, "error.html", {"error": exc}, status=exc.status)
