from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("create/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/cosign/", views.cosign, name="cosign"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/finalise/", views.finalise, name="finalise"),
    path("<int:pk>/objections/", views.objections, name="objections"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_notice, name="public_notice"),
]
