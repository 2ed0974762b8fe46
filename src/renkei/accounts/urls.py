from django.urls import path

from renkei.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.RenkeiLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("tokens/", views.token_page, name="tokens"),
    path("preferences/", views.preferences, name="preferences"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
