from django.urls import path

from ervaring.lazy_views import heavy_view

# Staff pages of fieldwork draw samples, read files and render letters (numpy, pandas,
# ReportLab): their modules load on their first request (see ervaring.lazy_views).
VIEWS = "ervaring.fieldwork.views."
POPULATION = "ervaring.fieldwork.population_views."
INVITE = "ervaring.fieldwork.invite_views."
OUTBOX = "ervaring.fieldwork.outbox_views."
CLOSING = "ervaring.fieldwork.closing_views."
WORDING = "ervaring.fieldwork.wording_views."

app_name = "fieldwork"
urlpatterns = [
    path("<slug:slug>/populatie/", heavy_view(POPULATION + "population"), name="population"),
    path(
        "<slug:slug>/populatie/kolommen/",
        heavy_view(POPULATION + "population_columns"),
        name="population-columns",
    ),
    path(
        "<slug:slug>/populatie/voorzieningen/",
        heavy_view(POPULATION + "population_provisions"),
        name="population-provisions",
    ),
    path(
        "<slug:slug>/populatie/inlezen/",
        heavy_view(POPULATION + "population_import"),
        name="population-import",
    ),
    path(
        "<slug:slug>/populatie/inlezen/voortgang/",
        heavy_view(POPULATION + "population_import_status"),
        name="population-import-status",
    ),
    path(
        "<slug:slug>/populatie/problemen.csv",
        heavy_view(POPULATION + "population_problems"),
        name="population-problems",
    ),
    path("<slug:slug>/steekproef/", heavy_view(VIEWS + "sample"), name="sample"),
    path("<slug:slug>/uitnodigingen/", heavy_view(OUTBOX + "outbox_page"), name="outbox"),
    path(
        "<slug:slug>/uitnodigingen/actie/",
        heavy_view(OUTBOX + "outbox_action"),
        name="outbox-action",
    ),
    path("<slug:slug>/brieven/", heavy_view(OUTBOX + "letters_make"), name="letters"),
    path("<slug:slug>/teksten/", heavy_view(WORDING + "wording_page"), name="wording"),
    path(
        "<slug:slug>/brieven/<int:batch_id>.pdf",
        heavy_view(OUTBOX + "letters_download"),
        name="letters-download",
    ),
    path("<slug:slug>/afsluiten/", heavy_view(CLOSING + "close"), name="close"),
    path("uitnodigen/", heavy_view(INVITE + "choose_survey"), name="invite-choose"),
    path("uitnodigen/<slug:slug>/", heavy_view(INVITE + "invite"), name="invite"),
]
