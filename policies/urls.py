from django.urls import path

from policies import calendar_views, views

app_name = "policies"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("notice/", views.notice, name="notice"),
    path("items/<int:number>/", views.item_detail, name="item_detail"),
    path("work-calendar/", calendar_views.work_calendar, name="work_calendar"),
    path("work-calendar/<int:year>/", calendar_views.work_calendar_edit, name="work_calendar_edit"),
]
