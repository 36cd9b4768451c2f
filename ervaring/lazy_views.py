"""Views whose module is imported on their first request, not when the URLs load.

Loading the URL configuration happens on the first request of every web worker, which is
as likely a respondent's as anyone's. Staff views that compute (dashboards, the report,
the table book) import pandas, scipy, python-docx and the like; referring to them by
dotted path keeps those libraries out of the URL configuration, so a respondent's first
page never pays for them, and a busy machine still boots its workers in time. The first
request of such a view imports the module once per process.
"""

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string


def heavy_view(dotted_path: str) -> Callable[..., HttpResponse]:
    """A view that imports ``dotted_path`` (``package.module.view``) when first called."""

    @cache
    def target() -> Callable[..., HttpResponse]:
        return import_string(dotted_path)

    def view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        return target()(request, *args, **kwargs)

    view.__name__ = dotted_path.rsplit(".", 1)[-1]
    view.__qualname__ = dotted_path
    view.__module__ = dotted_path.rsplit(".", 2)[0]
    return view
