from django.urls import path

from ervaring.responses import views

app_name = "responses"
urlpatterns = [
    path("", views.start, name="start"),
    path("k/<str:code>", views.start, name="personal-link"),
    path("vragenlijst/", views.survey, name="survey"),
    path("vragenlijst/gestopt/", views.paused, name="paused"),
    path("vragenlijst/klaar/", views.thanks, name="thanks"),
    path("vragenlijst/verlopen/", views.expired, name="expired"),
    path("vragenlijst/nakijken/", views.review, name="review"),
    path("vragenlijst/<slug:page_id>/", views.page, name="page"),
    path("taal/", views.switch_language, name="language"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
