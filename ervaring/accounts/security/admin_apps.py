"""Django admin with our site (`admin_site.ErvaringAdminSite`); loaded before the models,
so it imports nothing that needs them."""

from django.contrib.admin.apps import AdminConfig


class ErvaringAdminConfig(AdminConfig):
    default_site = "ervaring.accounts.security.admin_site.ErvaringAdminSite"
