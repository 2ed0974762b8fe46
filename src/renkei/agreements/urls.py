from django.urls import path

from renkei.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("matrix/", views.provision_matrix_page, name="matrix"),
    path("<str:code>/", views.agreement_detail, name="detail"),
]
