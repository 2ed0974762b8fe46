from django.urls import path

from renkei.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
]
