from django.urls import path

from review import budget_views, views

app_name = "review"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("bulk/", views.bulk, name="bulk"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/sign/", views.batch_sign, name="batch_sign"),
    path("batches/<int:pk>/send/", views.batch_send, name="batch_send"),
    path("budgets/", budget_views.budgets, name="budgets"),
    path("budgets/<int:pk>/", budget_views.budget_set, name="budget_set"),
]
