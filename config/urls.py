from captcha import views as captcha_views
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "衡阳市工信领域奖补资金申报平台 · 系统管理"
admin.site.site_title = "系统管理"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", include("operations.urls")),
    path("", include("dashboard.urls")),
    path("accounts/", include("accounts.urls")),
    path("policies/", include("policies.urls")),
    path("eligibility/", include("eligibility.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("applications/", include("applications.urls")),
    path("awards/", include("awards.urls")),
    path("review/", include("review.urls")),
    path("notifications/", include("notifications.urls")),
    path("outreach/", include("outreach.urls")),
    path("documents/", include("documents.urls")),
    path("performance/", include("performance.urls")),
    path("funds/", include("funds.urls")),
    path("workbench/", include("workbench.urls")),
    # One login form for the whole site, with its CAPTCHA, lockout, rate limit and second factor: the admin's own
    # sends people there (an administrator signs in as everyone does, then opens /admin/).
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True), name="admin_login"),
    path("admin/", admin.site.urls),
    # The image CAPTCHA's picture and its "换一张" (core/captcha.py); django-simple-captcha's views, under path()
    # patterns so that every URL of the site has typed arguments.
    path("captcha/image/<str:key>/", captcha_views.captcha_image, {"scale": 1}, name="captcha-image"),
    path("captcha/image/<str:key>@2/", captcha_views.captcha_image, {"scale": 2}, name="captcha-image-2x"),
    path("captcha/refresh/", captcha_views.captcha_refresh, name="captcha-refresh"),
]

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
