from django.urls import path

from policies import views

app_name = "policies"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("notice/", views.notice, name="notice"),
    path("items/<int:number>/", views.item_detail, name="item_detail"),
]
