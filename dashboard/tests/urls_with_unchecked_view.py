"""The site's URLs and one view that checks nothing: test_every_view_checks_permission must report it."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site


def unchecked(request):
    return HttpResponse("nothing checked")


urlpatterns = [*site, path("unchecked/", unchecked, name="unchecked")]
