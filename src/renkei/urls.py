from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView
from django.views.i18n import set_language

from renkei.agreements import ledger_views
from renkei.agreements import views as agreement_views
from renkei.api import api
from renkei.attention import views as attention_views
from renkei.consultations import views as consultation_views
from renkei.exchange import views as exchange_views
from renkei.registry import japan_views as registry_japan_views
from renkei.registry import suspension_case_views
from renkei.registry import views as registry_views
from renkei.screening import views as screening_views

urlpatterns = [
    # First: URLs are tried in order, and the API is what programs call many times a second.
    path("api/v1/", api.urls),
    path("", attention_views.home, name="home"),
    path("agreements/", include("renkei.agreements.urls")),
    path("work/<str:code>/", agreement_views.workspace, name="workspace"),
    path("work/<str:code>/lifecycle/", agreement_views.lifecycle_page, name="lifecycle"),
    path("work/<str:code>/ledger/", ledger_views.ledger_page, name="ledger"),
    path(
        "work/<str:code>/ledger/checkpoint.txt",
        ledger_views.checkpoint_latest_download,
        name="ledger_latest",
    ),
    path(
        "work/<str:code>/ledger/checkpoints/<int:checkpoint_id>.txt",
        ledger_views.checkpoint_download,
        name="ledger_checkpoint",
    ),
    path("work/<str:code>/exchanges/", include("renkei.exchange.urls")),
    path("notifications/", exchange_views.notifications, name="notifications"),
    path("work/<str:code>/registry/", include("renkei.registry.urls")),
    path("work/<str:code>/consultations/", include("renkei.consultations.urls")),
    path("calendar/<str:token>.ics", consultation_views.calendar_feed, name="calendar_feed"),
    path("verify/", registry_views.verify_page, name="verify"),
    path("registers/", registry_japan_views.japanese_registers, name="registers"),
    path("screening/", screening_views.screening_page, name="screening"),
    path(
        "registers/suspensions/<int:suspension_id>/",
        suspension_case_views.suspension_cases_page,
        name="suspension_cases",
    ),
    path(
        "work/<str:code>/suspension-cases/",
        suspension_case_views.partner_suspension_cases_page,
        name="partner_suspension_cases",
    ),
    path("public/", include("renkei.publication.urls")),
    path("accounts/", include("renkei.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    # Browsers ask for /favicon.ico whatever the page links to.
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("renkei/favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("admin/", admin.site.urls),
]

handler404 = "renkei.core.views.not_found"
