from django.urls import path

from workbench.views import (
    approval,
    conditions,
    drafts,
    form_fields,
    global_conditions,
    items,
    materials,
    notice,
    performance,
    preview,
    rules,
    tryout,
)

app_name = "workbench"

urlpatterns = [
    path("", drafts.home, name="home"),
    path("drafts/<int:pk>/", drafts.draft, name="draft"),
    # Editing a draft, each part on its own page (helper C1's views).
    path("drafts/<int:pk>/notice/", notice.notice_edit, name="notice"),
    path("drafts/<int:pk>/conditions/", global_conditions.global_conditions, name="global_conditions"),
    path(
        "drafts/<int:pk>/conditions/<str:condition_id>/",
        global_conditions.global_condition_edit,
        name="global_condition",
    ),
    path(
        "drafts/<int:pk>/conditions/<str:condition_id>/remove/",
        global_conditions.global_condition_delete,
        name="global_condition_delete",
    ),
    path("drafts/<int:pk>/performance/", performance.performance_edit, name="performance"),
    path("drafts/<int:pk>/rules/", rules.rules, name="rules"),
    path("drafts/<int:pk>/rules/project-limit/", rules.project_limit_edit, name="project_limit"),
    # Quota and exclusion rules: the same three views, told which list by `kind` (workbench.views.rules.KINDS).
    path("drafts/<int:pk>/rules/quotas/new/", rules.rule_new, {"kind": "quotas"}, name="quota_new"),
    path("drafts/<int:pk>/rules/quotas/<int:index>/", rules.rule_edit, {"kind": "quotas"}, name="quota"),
    path(
        "drafts/<int:pk>/rules/quotas/<int:index>/remove/", rules.rule_delete, {"kind": "quotas"}, name="quota_delete"
    ),
    path("drafts/<int:pk>/rules/exclusions/new/", rules.rule_new, {"kind": "exclusions"}, name="exclusion_new"),
    path("drafts/<int:pk>/rules/exclusions/<int:index>/", rules.rule_edit, {"kind": "exclusions"}, name="exclusion"),
    path(
        "drafts/<int:pk>/rules/exclusions/<int:index>/remove/",
        rules.rule_delete,
        {"kind": "exclusions"},
        name="exclusion_delete",
    ),
    path("drafts/<int:pk>/items/new/", items.item_new, name="item_new"),
    path("drafts/<int:pk>/items/<int:number>/", items.item_edit, name="item"),
    path("drafts/<int:pk>/items/<int:number>/remove/", items.item_delete, name="item_delete"),
    path("drafts/<int:pk>/items/<int:number>/conditions/", conditions.conditions, name="conditions"),
    path(
        "drafts/<int:pk>/items/<int:number>/conditions/<str:condition_id>/",
        conditions.condition_edit,
        name="condition",
    ),
    path(
        "drafts/<int:pk>/items/<int:number>/conditions/<str:condition_id>/remove/",
        conditions.condition_delete,
        name="condition_delete",
    ),
    path("drafts/<int:pk>/items/<int:number>/materials/", materials.materials, name="materials"),
    path("drafts/<int:pk>/items/<int:number>/materials/<str:material_id>/", materials.material_edit, name="material"),
    path(
        "drafts/<int:pk>/items/<int:number>/materials/<str:material_id>/remove/",
        materials.material_delete,
        name="material_delete",
    ),
    path(
        "drafts/<int:pk>/items/<int:number>/materials/<str:material_id>/move/",
        materials.material_reorder,
        name="material_reorder",
    ),
    # Two-person approval and publishing.
    path("drafts/<int:pk>/submit/", approval.draft_submit, name="submit"),
    path("drafts/<int:pk>/approval/", approval.draft_approval, name="approval"),
    path("drafts/<int:pk>/return/", approval.draft_return, name="return"),
    path("drafts/<int:pk>/export.zip", approval.draft_export_zip, name="export_zip"),
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
