from django.urls import path

from ervaring.responses import overview_views

app_name = "overview"
urlpatterns = [
    path("<slug:slug>/overzicht/", overview_views.fieldwork_overview, name="fieldwork"),
]
