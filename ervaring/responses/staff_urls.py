from django.urls import path

from ervaring.responses import staff_views

app_name = "preview"
urlpatterns = [
    path("onderzoek/<slug:slug>/voorbeeld/", staff_views.preview, name="survey-preview"),
]
