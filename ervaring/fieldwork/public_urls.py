"""Public (respondent) URLs of fieldwork, mounted at the site root."""

from django.urls import path

from ervaring.fieldwork import public_views

app_name = "fieldwork-public"
urlpatterns = [
    path("afmelden/<str:token>/", public_views.opt_out, name="opt-out"),
]
