from django.urls import path

from outreach import views

app_name = "outreach"

urlpatterns = [
    path("county/", views.county_list, name="county_list"),
    path("county/notify/", views.county_push, name="county_push"),
    path("mine/", views.my_items, name="my_items"),
    path("mine/mute/", views.mute, name="mute"),
]
