from performance.views import evaluation, evidence, monitoring, targets

app_name = "performance"

urlpatterns = [*targets.urlpatterns, *monitoring.urlpatterns, *evaluation.urlpatterns, *evidence.urlpatterns]
