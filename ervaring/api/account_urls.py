"""The beheerder's pages of API keys and webhooks, under /account/ with the other
organisation pages."""

from django.urls import path

from ervaring.api import key_views, webhook_views

app_name = "api_keys"
urlpatterns = [
    path("api-sleutels/", key_views.key_list, name="list"),
    path("api-sleutels/<int:pk>/intrekken/", key_views.key_revoke, name="revoke"),
    path("webhooks/", webhook_views.webhook_list, name="webhooks"),
    path("webhooks/<int:pk>/verwijderen/", webhook_views.webhook_remove, name="webhook-remove"),
]
