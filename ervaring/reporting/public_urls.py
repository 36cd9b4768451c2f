from django.urls import path

from ervaring.lazy_views import heavy_view

app_name = "public-results"
urlpatterns = [
    path(
        "resultaten/<slug:slug>/",
        heavy_view("ervaring.reporting.dashboard_views.public_summary_page"),
        name="summary",
    ),
]
