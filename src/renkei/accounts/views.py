import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from renkei.accounts import selectors, services
from renkei.core.client_ip import client_ip
from renkei.core.errors import ApplicationError
from renkei.core.rate_limits import RateLimited, rate_limit_check


def second_factor_url(user) -> str | None:
    """Where a user who still owes a one-time code must go, or None."""
    if not user.is_authenticated or not user.otp_required or user.is_demo:
        return None
    # Right after the password the user is not yet wrapped by OTPMiddleware: not verified.
    if getattr(user, "is_verified", lambda: False)():
        return None
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return reverse("accounts:otp_verify")
    return reverse("accounts:otp_setup")


class RenkeiLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Per address, before any password is checked: one address cannot try many names.
        try:
            rate_limit_check(
                request,
                group="login",
                key=client_ip(request),
                rate=settings.RENKEI_LOGIN_RATE_LIMIT,
            )
        except RateLimited as limited:
            response = render(
                request, "accounts/rate_limited.html", {"message": limited.message}, status=429
            )
            response["Retry-After"] = str(limited.retry_after)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        # The user's own language from the first page after log-in (Japanese for the JP side).
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, user.preferred_language, samesite="Lax", httponly=False
        )
        pending = second_factor_url(user)
        if pending:
            response["Location"] = pending
        return response


@require_POST
def logout_view(request):
    logout(request)
    return redirect("accounts:login")


@login_required
def otp_verify(request):
    error = None
    if request.method == "POST":
        token = request.POST.get("token", "").strip()
        device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
        if (
            device is not None
            and token.isdigit()
            and len(token) == 6
            and device.verify_token(token)
        ):
            otp_login(request, device)
            return redirect("home")
        error = _("The code is not correct.")
    return render(request, "accounts/otp_verify.html", {"error": error})


@login_required
def otp_setup(request):
    error = None
    if request.method == "POST":
        try:
            device = services.totp_device_confirm(
                actor=request.user, token=request.POST.get("token")
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            otp_login(request, device)
            messages.success(request, _("The second factor is set up."))
            return redirect("home")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = services.totp_device_start(actor=request.user)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return render(
        request,
        "accounts/otp_setup.html",
        {"qr_svg": buffer.getvalue().decode(), "config_url": device.config_url, "error": error},
    )


@login_required
def token_page(request):
    created_secret = None
    errors = None
    if request.method == "POST":
        days_raw = request.POST.get("days", "").strip()
        try:
            days = int(days_raw) if days_raw else None
            token, created_secret = services.api_token_create(
                actor=request.user, user=request.user, name=request.POST.get("name", ""), days=days
            )
        except ValueError:
            errors = _("A token is valid for 1 to 366 days.")
        except ApplicationError as exc:
            errors = exc.message
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": selectors.api_token_list_for(actor=request.user),
            "created_secret": created_secret,
            "error": errors,
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def token_revoke(request, token_id: int):
    try:
        services.api_token_revoke(actor=request.user, token_id=token_id)
    except ApplicationError as exc:
        raise Http404 from exc
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:tokens")


@login_required
def preferences(request):
    """The reader's own settings: the zone every date and time is shown in."""
    error = None
    if request.method == "POST":
        try:
            services.user_time_zone_set(
                actor=request.user, time_zone=request.POST.get("time_zone", "")
            )
            messages.success(request, _("Saved."))
            return redirect("accounts:preferences")
        except ApplicationError as exc:
            error = exc
    return render(
        request,
        "accounts/preferences.html",
        {
            "zones": services.MOC_TIME_ZONES,
            "unit_zone": request.user.unit.time_zone if request.user.unit_id else "",
            "now": timezone.now(),
            "error": error,
        },
        status=error.status if error else 200,
    )
