from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("", views.my_applications, name="mine"),
    path("eligible/", views.eligible_items, name="eligible_items"),
    path("new/<int:number>/", views.start, name="start"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/commitment/", views.commitment, name="commitment"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/sync-profile/", views.sync_profile, name="sync_profile"),
    path("attachments/<int:pk>/download/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
