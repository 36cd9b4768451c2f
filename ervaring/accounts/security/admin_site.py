"""The Django admin, for installation administrators only: off in production unless
ERVARING_ADMIN=1 (see ervaring/urls.py), and then only for a superuser whose login used a
second factor. Its own password-only login form is replaced by the staff login flow."""

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class ErvaringAdminSite(AdminSite):
    site_header = "Ervaring – installatiebeheer"
    site_title = "Ervaring"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active and user.is_superuser and getattr(user, "is_verified", lambda: False)()
        )

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """Everyone logs in through the two-step staff login; a logged-in person without
        the rights gets 403 rather than a second login form."""
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next", request.path))
