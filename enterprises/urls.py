from django.urls import path

from enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("profile/", views.profile, name="profile"),
    path("profile/identity/", views.identity_change, name="identity_change"),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("pending/", views.pending_list, name="pending_list"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/reject/", views.reject, name="reject"),
]
