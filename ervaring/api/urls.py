"""The API, version 1, mounted at /api/v1/ (docs/api.md).

The endpoints reach fieldwork and analysis, which import numpy and ReportLab: their module
loads on the first call (`ervaring.lazy_views`). They authenticate with a Bearer key, never
a session cookie, so they are exempt from CSRF; the mark must be on the lazy wrapper, which
is what the middleware sees.
"""

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from ervaring.api import doc_views
from ervaring.lazy_views import heavy_view

VIEWS = "ervaring.api.views."


def endpoint(name: str) -> Callable[..., HttpResponse]:
    return csrf_exempt(heavy_view(VIEWS + name))


app_name = "api"
urlpatterns = [
    path("openapi.json", doc_views.openapi, name="openapi"),
    path("docs/", doc_views.docs, name="docs"),
    path("surveys", endpoint("survey_list"), name="surveys"),
    path("surveys/<str:slug>", endpoint("survey_detail"), name="survey"),
    path("surveys/<str:slug>/results", endpoint("survey_results"), name="results"),
    path("surveys/<str:slug>/invitations", endpoint("invite"), name="invite"),
    path("surveys/<str:slug>/population", endpoint("upload_population"), name="population"),
    re_path(r"^(?P<rest>.*)$", endpoint("not_found")),
]
