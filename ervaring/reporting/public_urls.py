from django.urls import path

from ervaring.reporting import dashboard_views

app_name = "public-results"
urlpatterns = [
    path("resultaten/<slug:slug>/", dashboard_views.public_summary_page, name="summary"),
]
