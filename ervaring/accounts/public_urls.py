from django.urls import path

from ervaring.accounts import branding_views

app_name = "branding"
urlpatterns = [
    path("huisstijl/<slug:slug>.css", branding_views.house_style, name="house-style"),
]
