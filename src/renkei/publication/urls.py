from django.urls import path

from renkei.publication import views

app_name = "publication"
urlpatterns = [
    path("suspensions/", views.suspensions, name="suspensions"),
    path(
        "<str:code>/sending-organisations/",
        views.sending_organisations,
        name="sending_organisations",
    ),
    path("<str:code>/revocations/", views.revocations, name="revocations"),
    path("<str:code>/improvement-orders/", views.improvement_orders, name="improvement_orders"),
    path(
        "<str:code>/support-organisations/",
        views.support_organisations,
        name="support_organisations",
    ),
]
