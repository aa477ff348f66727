from django.urls import path

from dashboard import board_views, views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("home/", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
    path("board/city/", board_views.city, name="city_board"),
    path("board/county/", board_views.county, name="county_board"),
]
