from django.urls import path

from workbench.views import drafts

app_name = "workbench"

urlpatterns = [
    path("", drafts.home, name="home"),
    path("drafts/<int:pk>/", drafts.draft, name="draft"),
]
