from django.urls import path

from documents.views import exports, verify

app_name = "documents"

urlpatterns = [
    path("export/<slug:identifier>/", exports.export_download, name="export"),
    path("jobs/", exports.job_list, name="jobs"),
    path("jobs/<uuid:pk>/", exports.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/download/", exports.job_download, name="job_download"),
    path("jobs/<uuid:pk>/retry/", exports.job_retry, name="job_retry"),
    # Public: anyone holding a printed copy checks it against the platform (the QR code on the cover).
    path("verify/", verify.verify_view, name="verify_form"),
    path("verify/<str:receipt_number>/", verify.verify_view, name="verify"),
]
