from django.urls import path

from workbench.views import drafts, form_fields, preview, tryout

app_name = "workbench"

urlpatterns = [
    path("", drafts.home, name="home"),
    path("drafts/<int:pk>/", drafts.draft, name="draft"),
    # The form-field editor, the preview and the try-out (helper C2's views).
    path("drafts/<int:pk>/forms/", form_fields.form_list, name="form_list"),
    path("drafts/<int:pk>/forms/<str:form_id>/", form_fields.form_fields, name="form_fields"),
    path("drafts/<int:pk>/forms/<str:form_id>/fields/<str:field_id>/", form_fields.field_edit, name="field_edit"),
    path("drafts/<int:pk>/forms/<str:form_id>/fields/<str:field_id>/move/", form_fields.field_move, name="field_move"),
    path(
        "drafts/<int:pk>/forms/<str:form_id>/fields/<str:field_id>/remove/",
        form_fields.field_remove,
        name="field_remove",
    ),
    path("drafts/<int:pk>/preview/", preview.catalogue, name="preview"),
    path("drafts/<int:pk>/preview/items/<int:number>/", preview.item_detail, name="preview_item"),
    path("drafts/<int:pk>/preview/items/<int:number>/application.docx", preview.application_docx, name="preview_docx"),
    path("drafts/<int:pk>/preview/calculator/", preview.calculator, name="preview_calculator"),
    path("drafts/<int:pk>/tryout/", tryout.tryout, name="tryout"),
]
