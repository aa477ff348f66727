from django.urls import path

from eligibility import views

app_name = "eligibility"

urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("api/evaluate", views.api_evaluate, name="api_evaluate"),
]
