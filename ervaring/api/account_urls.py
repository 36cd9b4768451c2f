"""The beheerder's page of API keys, under /account/ with the other organisation pages."""

from django.urls import path

from ervaring.api import key_views

app_name = "api_keys"
urlpatterns = [
    path("api-sleutels/", key_views.key_list, name="list"),
    path("api-sleutels/<int:pk>/intrekken/", key_views.key_revoke, name="revoke"),
]
