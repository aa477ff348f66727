from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import lockout_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("otp/enrol/", views.otp_enrol, name="otp_enrol"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("lockouts/", lockout_views.lockout_list, name="lockouts"),
    path("lockouts/<int:pk>/clear/", lockout_views.lockout_clear, name="lockout_clear"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
]
