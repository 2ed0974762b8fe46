from django.contrib import admin

from renkei.exchange.models import ServiceLevel
from renkei.exchange.services import service_level_set

# Exchanges themselves are not in the admin: administrators run the system and do not read
# case content (DESIGN §1).


@admin.register(ServiceLevel)
class ServiceLevelAdmin(admin.ModelAdmin):
    list_display = ["agreement", "exchange_type", "acknowledge_days", "answer_days"]
    list_filter = ["agreement", "exchange_type"]

    def save_model(self, request, obj, form, change):
        # Through the service: its checks and its ledger event.
        saved = service_level_set(
            actor=request.user,
            agreement=obj.agreement,
            exchange_type=obj.exchange_type,
            acknowledge_days=obj.acknowledge_days,
            answer_days=obj.answer_days,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False
