from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from renkei.accounts.models import ApiToken, MinistryUnit, RoleGrant, User


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


@admin.register(MinistryUnit)
class MinistryUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ja", "side", "kind", "country_code"]
    list_filter = ["side", "kind"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
