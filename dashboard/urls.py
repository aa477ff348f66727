from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("home/", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
]
