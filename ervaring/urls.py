from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("beheer/", include("ervaring.reporting.urls")),
    path("beheer/", include("ervaring.questionnaires.urls")),
    path("beheer/", include("ervaring.responses.staff_urls")),
    path("beheer/", include("ervaring.analysis.urls")),
    path("account/", include("ervaring.accounts.urls")),
    path("account/", include("ervaring.api.account_urls")),
    path("api/v1/", include("ervaring.api.urls")),
    path("veldwerk/", include("ervaring.fieldwork.urls")),
    path("veldwerk/", include("ervaring.responses.overview_urls")),
    path("invoer/", include("ervaring.responses.entry_urls")),
    path("kiosk/", include("ervaring.responses.kiosk_urls")),
    path("", include("ervaring.fieldwork.public_urls")),
    path("", include("ervaring.responses.urls")),
    path("", include("ervaring.reporting.public_urls")),
    path("", include("ervaring.accounts.public_urls")),
]
# Off in production unless ERVARING_ADMIN=1; ervaring.accounts.security.admin_site decides who.
if settings.ADMIN_ENABLED:
    urlpatterns.insert(0, path("django-admin/", admin.site.urls))
