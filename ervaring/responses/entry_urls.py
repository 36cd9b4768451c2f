from django.urls import path

from ervaring.responses import entry_views

app_name = "entry"
urlpatterns = [
    path("", entry_views.entry_start, name="start"),
    path("formulier/", entry_views.entry_form, name="form"),
]
