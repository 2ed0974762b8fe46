"""Writes for accounts: units, users, roles, second factor, API tokens. Each function runs in one
transaction and appends one ledger event."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta
from zoneinfo import available_timezones

import django
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.base import DJANGO_VERSION_PICKLE_KEY
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from renkei.accounts.models import ApiToken, MinistryUnit, Role, RoleGrant, Side, UnitKind, User
from renkei.accounts.rights import is_administrator, require_administrator  # noqa: F401
from renkei.audit.services import audit_append
from renkei.core.errors import ApplicationError, NotFound

TOKEN_PREFIX = "rk_"
JAPANESE_SIDE_ONLY_ROLES = {Role.EXAMINER, Role.LIAISON}
EMBASSY_ONLY_ROLES = {Role.EMBASSY_OFFICER}


def unit_upsert(
    *,
    actor: User | None,
    code: str,
    name_ja: str,
    name_en: str,
    side: str,
    kind: str,
    country_code: str,
    time_zone: str = "Asia/Tokyo",
) -> MinistryUnit:
    require_administrator(actor)
    with transaction.atomic():
        unit = MinistryUnit.objects.filter(code=code).first()
        values = {
            "name_ja": name_ja,
            "name_en": name_en,
            "side": side,
            "kind": kind,
            "country_code": country_code.upper(),
            "time_zone": time_zone,
        }
        if unit is not None and all(getattr(unit, k) == v for k, v in values.items()):
            return unit
        before = {k: getattr(unit, k) for k in values} if unit else {}
        unit = unit or MinistryUnit(code=code)
        for key, value in values.items():
            setattr(unit, key, value)
        try:
            unit.full_clean()
        except ValidationError as exc:
            raise ApplicationError(_("The unit is not valid."), details=exc.message_dict) from exc
        unit.save()
        audit_append(
            actor=actor,
            action="unit.created" if not before else "unit.updated",
            target=unit,
            before=before,
            after=values,
        )
    return unit


def _check_roles(unit: MinistryUnit | None, roles: list[str]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ApplicationError(
            _("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))},
            code="unknown_role",
        )
    side = unit.side if unit else Side.OPERATOR
    if side != Side.JP and JAPANESE_SIDE_ONLY_ROLES & set(roles):
        raise ApplicationError(
            _("Examiner and liaison roles belong to the Japanese side."), code="role_side"
        )
    if EMBASSY_ONLY_ROLES & set(roles) and (unit is None or unit.kind != UnitKind.EMBASSY):
        raise ApplicationError(
            _("The embassy-officer role needs an embassy unit."), code="role_side"
        )


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    unit: MinistryUnit | None,
    roles: list[str],
    display_name: str = "",
    email: str = "",
    preferred_language: str | None = None,
    is_demo: bool = False,
    otp_required: bool = False,
    is_staff: bool = False,
) -> User:
    require_administrator(actor)
    _check_roles(unit, roles)
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("This user name is taken."), code="username_taken")
    if preferred_language is None:
        preferred_language = "ja" if unit is not None and unit.side == Side.JP else "en"
    with transaction.atomic():
        user = User(
            username=username,
            unit=unit,
            display_name=display_name,
            email=email,
            preferred_language=preferred_language,
            is_demo=is_demo,
            otp_required=otp_required,
            is_staff=is_staff,
        )
        try:
            validate_password(password, user)
            user.set_password(password)
            user.full_clean()
        except ValidationError as exc:
            details = getattr(exc, "message_dict", {"password": exc.messages})
            raise ApplicationError(_("The user is not valid."), details=details) from exc
        user.save()
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in roles])
        audit_append(
            actor=actor,
            action="user.created",
            target=user,
            agreement_code=unit.country_code if unit and unit.side == Side.PARTNER else "",
            after={
                "unit": unit.code if unit else None,
                "roles": sorted(roles),
                "demo": is_demo,
                "staff": is_staff,
            },
        )
    return user


def user_roles_grant(*, actor: User | None, user: User, roles: list[str]) -> list[str]:
    """Add roles the user does not have yet; returns the ones added (nothing, nothing written)."""
    require_administrator(actor)
    _check_roles(user.unit, roles)
    missing = sorted(set(roles) - set(user.role_grants.values_list("role", flat=True)))
    if not missing:
        return []
    with transaction.atomic():
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in missing])
        audit_append(
            actor=actor, action="user.roles_granted", target=user, after={"roles": missing}
        )
    user.__dict__.pop("_role_cache", None)
    return missing


def user_set_otp_required(*, actor: User | None, user: User, required: bool) -> User:
    require_administrator(actor)
    with transaction.atomic():
        before = user.otp_required
        user.otp_required = required
        user.save(update_fields=["otp_required"])
        audit_append(
            actor=actor,
            action="user.otp_required_changed",
            target=user,
            before={"otp_required": before},
            after={"otp_required": required},
        )
    return user


def totp_device_start(*, actor: User) -> TOTPDevice:
    """An unconfirmed device whose secret the user scans; confirmed by the first good code."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)
        audit_append(actor=actor, action="otp.enrolment_started", target=actor)
    return device


def totp_device_confirm(*, actor: User, token: str) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        raise ApplicationError(_("Start the set-up again."), code="no_pending_device")
    token = (token or "").strip()
    if not (token.isdigit() and len(token) == 6) or not device.verify_token(token):
        raise ApplicationError(_("The code is not correct."), code="bad_otp")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_append(actor=actor, action="otp.device_confirmed", target=actor)
    return device


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_token_create(
    *, actor: User | None, user: User, name: str, days: int | None = None
) -> tuple[ApiToken, str]:
    """Returns the stored token and the secret, which is not kept anywhere."""
    if actor is not None and actor.pk != user.pk:
        require_administrator(actor)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ApplicationError(_("Give the token a name of at most 100 characters."))
    days = settings.RENKEI_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= 366:
        raise ApplicationError(_("A token is valid for 1 to 366 days."), code="bad_expiry")
    if not user.is_active:
        raise ApplicationError(_("The user is not active."), code="inactive_user")
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            key_hash=_token_hash(raw),
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit_append(
            actor=actor,
            action="api_token.created",
            target=token,
            object_repr=f"{user.username}: {token}",
            after={"user": user.username, "expires_at": token.expires_at.isoformat()},
        )
    return token, raw


def api_token_revoke(*, actor: User | None, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id).select_related("user").first()
    if token is None or not (is_administrator(actor) or token.user_id == actor.pk):
        raise NotFound()
    if token.revoked_at is not None:
        raise ApplicationError(_("This token is already revoked."), code="already_revoked")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_append(actor=actor, action="api_token.revoked", target=token)
    _TOKEN_USERS.pop(token.key_hash, None)
    return token


TOKEN_CACHE_SECONDS = 10
# A valid token's user, by the token's hash: (monotonic deadline, user). Kept in this process's
# memory as Django's local-memory cache would keep it, without pickling the user at every read
# (ADR 5). Each caller gets its own copy, so nothing a request sets on its user outlives it.
_TOKEN_USERS: dict[str, tuple[float, User]] = {}
_TOKEN_USERS_MAX = 10_000


def _own_copy(user: User) -> User:
    """What ``copy.copy`` gives — the model's own state and related-object cache, through
    Django's pickling methods — less the trip through ``__reduce__``, which looks the model up
    in the app registry: 12.6 → 5.2 µs, paid by every API call."""
    state = user.__getstate__()
    state[DJANGO_VERSION_PICKLE_KEY] = django.__version__
    clone = User.__new__(User)
    clone.__setstate__(state)
    return clone


def api_token_authenticate(raw: str) -> User | None:
    """The user behind a bearer token, or None for a malformed, unknown, revoked or expired one.

    A valid token's user (with unit and roles loaded) is kept in this process's cache for
    TOKEN_CACHE_SECONDS: revoking in this process takes effect at once, in other server
    processes within that time (ADR 5)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    key_hash = _token_hash(raw)
    cached = _TOKEN_USERS.get(key_hash)
    if cached is not None:
        if time.monotonic() < cached[0]:
            return _own_copy(cached[1])
        _TOKEN_USERS.pop(key_hash, None)
    token = ApiToken.objects.filter(key_hash=key_hash).select_related("user__unit").first()
    now = timezone.now()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    token.user.role_set()  # load the roles into the cached instance
    timeout = min(TOKEN_CACHE_SECONDS, max(1, int((token.expires_at - now).total_seconds())))
    if len(_TOKEN_USERS) >= _TOKEN_USERS_MAX:
        _TOKEN_USERS.clear()  # a flood of distinct tokens costs look-ups, never memory
    _TOKEN_USERS[key_hash] = (time.monotonic() + timeout, _own_copy(token.user))
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        # Usage bookkeeping, not a change of state anyone acts on: kept out of the ledger.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# The zones offered first: Japan's and the partner ministries' capitals (any IANA zone is
# accepted through the API).
MOC_TIME_ZONES = (
    "Asia/Tokyo",
    "Asia/Phnom_Penh",
    "Asia/Karachi",
    "Asia/Vientiane",
    "Asia/Bishkek",
    "Asia/Dushanbe",
    "UTC",
)


def user_time_zone_set(*, actor: User, time_zone: str) -> User:
    """The zone the actor reads times in; blank goes back to their unit's. Their own
    preference, like a notification read: not a ledger matter."""
    time_zone = (time_zone or "").strip()
    if time_zone and time_zone not in available_timezones():
        raise ApplicationError(
            _("Choose a time zone such as Asia/Tokyo or Asia/Vientiane."), code="invalid_time_zone"
        )
    actor.time_zone = time_zone
    actor.save(update_fields=["time_zone"])
    return actor
