from django.urls import path

from ervaring.fieldwork import (
    closing_views,
    invite_views,
    outbox_views,
    population_views,
    views,
)

app_name = "fieldwork"
urlpatterns = [
    path("<slug:slug>/populatie/", population_views.population, name="population"),
    path(
        "<slug:slug>/populatie/kolommen/",
        population_views.population_columns,
        name="population-columns",
    ),
    path(
        "<slug:slug>/populatie/voorzieningen/",
        population_views.population_provisions,
        name="population-provisions",
    ),
    path(
        "<slug:slug>/populatie/inlezen/",
        population_views.population_import,
        name="population-import",
    ),
    path(
        "<slug:slug>/populatie/inlezen/voortgang/",
        population_views.population_import_status,
        name="population-import-status",
    ),
    path(
        "<slug:slug>/populatie/problemen.csv",
        population_views.population_problems,
        name="population-problems",
    ),
    path("<slug:slug>/steekproef/", views.sample, name="sample"),
    path("<slug:slug>/uitnodigingen/", outbox_views.outbox_page, name="outbox"),
    path("<slug:slug>/uitnodigingen/actie/", outbox_views.outbox_action, name="outbox-action"),
    path("<slug:slug>/brieven/", outbox_views.letters_make, name="letters"),
    path(
        "<slug:slug>/brieven/<int:batch_id>.pdf",
        outbox_views.letters_download,
        name="letters-download",
    ),
    path("<slug:slug>/afsluiten/", closing_views.close, name="close"),
    path("uitnodigen/", invite_views.choose_survey, name="invite-choose"),
    path("uitnodigen/<slug:slug>/", invite_views.invite, name="invite"),
]
