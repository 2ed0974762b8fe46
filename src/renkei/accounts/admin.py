from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from renkei.accounts.models import ApiToken, MinistryUnit, RoleGrant, User
from renkei.accounts.services import user_set_otp_required


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0


@admin.register(User)
class RenkeiUserAdmin(UserAdmin):
    list_display = ["username", "display_name", "unit", "otp_required", "is_demo", "is_active"]
    list_filter = ["unit__side", "otp_required", "is_demo", "is_active"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            "renkei",
            {"fields": ["unit", "display_name", "preferred_language", "otp_required", "is_demo"]},
        ),
    ]
    inlines = [RoleGrantInline]
    # Changes that matter for security go through the services, so they reach the ledger.
    readonly_fields = ["otp_required", "is_demo"]
    actions = ["require_second_factor", "stop_requiring_second_factor"]

    @admin.action(description=_("Require the second factor"))
    def require_second_factor(self, request, queryset):
        for user in queryset:
            user_set_otp_required(actor=request.user, user=user, required=True)
        messages.success(request, _("The second factor is now required."))

    @admin.action(description=_("Stop requiring the second factor"))
    def stop_requiring_second_factor(self, request, queryset):
        for user in queryset:
            user_set_otp_required(actor=request.user, user=user, required=False)
        messages.success(request, _("The second factor is no longer required."))


@admin.register(MinistryUnit)
class MinistryUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ja", "side", "kind", "country_code"]
    list_filter = ["side", "kind"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # tokens are created by their user (page, API) or `renkei tokens create`

    def has_change_permission(self, request, obj=None):
        return False
