from performance.views import evaluation, monitoring, targets

app_name = "performance"

urlpatterns = [*targets.urlpatterns, *monitoring.urlpatterns, *evaluation.urlpatterns]
