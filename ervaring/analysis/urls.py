from django.urls import path

from ervaring.analysis import codebook_views, coding_views

app_name = "analysis"
urlpatterns = [
    path(
        "onderzoek/<slug:slug>/open-antwoorden/",
        coding_views.open_answers,
        name="open-answers",
    ),
    path("onderzoek/<slug:slug>/codeboek/", codebook_views.codebook_page, name="codebook"),
    path(
        "onderzoek/<slug:slug>/codeboek/codeboek.csv",
        codebook_views.export_codebook,
        name="codebook-export",
    ),
    path(
        "onderzoek/<slug:slug>/codeboek/inlezen/",
        codebook_views.import_codebook,
        name="codebook-import",
    ),
    path(
        "onderzoek/<slug:slug>/codeboek/<slug:key>/verwijderen/",
        codebook_views.remove_code,
        name="code-remove",
    ),
]
