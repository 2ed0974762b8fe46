from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    JP = "jp", _("Japanese side")
    PARTNER = "partner", _("Partner side")
    OPERATOR = "operator", _("Operator")


# The two sides of every MOC (the operator is neither).
PARTY_SIDES = (Side.JP, Side.PARTNER)


def side_other(side: str) -> str:
    return Side.PARTNER if side == Side.JP else Side.JP


class UnitKind(models.TextChoices):
    CONTACT_POINT = "contact_point", _("Contact point office")
    MINISTRY = "ministry", _("Ministry or agency")
    EMBASSY = "embassy", _("Embassy")
    OPERATOR = "operator", _("System operator")


class Role(models.TextChoices):
    CONTACT_POINT_OFFICER = "contact_point_officer", _("Contact-point officer")
    OFFICER = "officer", _("Officer")
    LIAISON = "liaison", _("Ministry liaison")
    EXAMINER = "examiner", _("Examiner")
    PUBLISHER = "publisher", _("Publisher")
    EMBASSY_OFFICER = "embassy_officer", _("Embassy officer")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that take part in case traffic (exchanges); examiners, publishers and administrators
# do not read case content.
EXCHANGE_ROLES = frozenset({Role.CONTACT_POINT_OFFICER, Role.OFFICER, Role.LIAISON})


class MinistryUnit(models.Model):
    """An office that users belong to: ISA's contact point, MOFA, a partner's contact point..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    # ISO 3166 alpha-2: "JP" for Japanese units, the partner's code (= its agreement's code) otherwise.
    country_code = models.CharField(_("country"), max_length=2)
    # Where its officers work: a partner ministry's capital; Japan for Japanese units and for
    # partners' embassies in Japan. Their users read times in it unless they choose another.
    time_zone = models.CharField(_("time zone"), max_length=40, default="Asia/Tokyo")

    class Meta:
        ordering = ["side", "country_code", "code"]
        verbose_name = _("ministry unit")
        verbose_name_plural = _("ministry units")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(side="jp") | models.Q(country_code="JP"),
                name="jp_unit_is_in_japan",
            ),
            models.CheckConstraint(
                condition=~models.Q(side="partner") | ~models.Q(country_code="JP"),
                name="partner_unit_is_abroad",
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    def name(self, language: str) -> str:
        return self.name_ja if language == "ja" else self.name_en


class User(AbstractUser):
    unit = models.ForeignKey(
        MinistryUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=[("ja", "日本語"), ("en", "English")]
    )
    otp_required = models.BooleanField(
        _("second factor required"),
        default=False,
        help_text=_("The user must confirm each log-in with a one-time code (TOTP)."),
    )
    # Blank: the unit's zone (a partner ministry's capital, Japan otherwise).
    time_zone = models.CharField(_("time zone"), max_length=40, blank=True)
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Demonstration account: exempt from the second factor, marked on every page."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def side(self) -> str:
        return self.unit.side if self.unit_id else Side.OPERATOR

    @property
    def zone(self) -> str:
        """The IANA zone this user reads times in: their choice, else their unit's."""
        if self.time_zone:
            return self.time_zone
        return self.unit.time_zone if self.unit_id else settings.TIME_ZONE

    @property
    def is_partner(self) -> bool:
        return self.side == Side.PARTNER

    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            # Frozen: a token's cached user shares it with the copies handed to requests.
            cached = frozenset(self.role_grants.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.role_set()


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.role}"


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the secret is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
