"""The project's URLs with the verification page added under the names the lead wires in documents/urls.py
("documents:verify_form" and "documents:verify"), for the view tests until then."""

from django.urls import include, path

from config import urls as project
from documents import urls as documents_urls
from documents.views.verify import verify_view

verify_patterns = [
    path("verify/", verify_view, name="verify_form"),
    path("verify/<str:receipt_number>/", verify_view, name="verify"),
]
documents_patterns = [
    p for p in documents_urls.urlpatterns if getattr(p, "name", None) not in {"verify", "verify_form"}
]

urlpatterns = [p for p in project.urlpatterns if str(getattr(p, "pattern", "")) != "documents/"] + [
    path("documents/", include((documents_patterns + verify_patterns, "documents"))),
]
handler404 = project.handler404
