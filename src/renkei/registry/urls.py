from django.urls import path

from renkei.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("certificates/", views.certificate_list, name="certificates"),
    path("<int:organisation_id>/", views.organisation_detail, name="detail"),
    path("<int:organisation_id>/events/", views.event_create, name="event_create"),
    path(
        "<int:organisation_id>/events/<int:event_id>/publish/",
        views.event_publish,
        name="event_publish",
    ),
]
