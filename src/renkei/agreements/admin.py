from django.contrib import admin

from renkei.agreements.models import Agreement, AgreementAssignment, Provision, Signature


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0


class ProvisionInline(admin.StackedInline):
    model = Provision
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["code", "country_en", "partner_ministry_en", "status"]
    inlines = [SignatureInline, ProvisionInline]

    def has_change_permission(self, request, obj=None):
        # The MOCs change through their data files and (later) the amendment workflow.
        return False


@admin.register(AgreementAssignment)
class AgreementAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "agreement"]
    list_filter = ["agreement"]

    # Assign with `renkei users assign USERNAME CODE`: the service checks the partner rule and
    # writes the ledger event.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
