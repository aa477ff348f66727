"""Chinese error pages; no stack trace ever reaches a user."""

from django.shortcuts import render


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # 500.html is standalone: it must render even when the database is down.
    return render(request, "500.html", status=500)
