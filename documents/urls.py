from django.urls import path

from documents.views import exports

app_name = "documents"

urlpatterns = [
    path("export/<slug:identifier>/", exports.export_download, name="export"),
    path("jobs/", exports.job_list, name="jobs"),
    path("jobs/<uuid:pk>/", exports.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/download/", exports.job_download, name="job_download"),
    path("jobs/<uuid:pk>/retry/", exports.job_retry, name="job_retry"),
]
