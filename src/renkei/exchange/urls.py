from django.urls import path

from renkei.exchange import views, views_send

app_name = "exchange"
urlpatterns = [
    path("", views.exchange_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("new/<str:exchange_type>/", views.exchange_compose, name="compose"),
    path("<int:exchange_id>/", views.exchange_detail, name="detail"),
    path("<int:exchange_id>/send/", views_send.exchange_send_confirm, name="send_confirm"),
    path("<int:exchange_id>/do/<str:action>/", views.exchange_action, name="action"),
    path("<int:exchange_id>/reply/", views.reply, name="reply"),
    path("<int:exchange_id>/return-response/", views.return_response, name="return_response"),
    path("<int:exchange_id>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "<int:exchange_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("<int:exchange_id>/consent-requests/", views.consent_request, name="consent_request"),
    path("<int:exchange_id>/consents/", views.consent, name="consent"),
    path("<int:exchange_id>/disclosures/", views.disclosure, name="disclosure"),
    path("<int:exchange_id>/receipts/<int:seq>.json", views.receipt_download, name="receipt"),
]
