from django.urls import path

from ervaring.lazy_views import heavy_view

# By dotted path (see ervaring.lazy_views): the coding views enqueue the training task,
# whose module reaches pandas and scikit-learn in the worker.
CODEBOOK = "ervaring.analysis.codebook_views."
CODING = "ervaring.analysis.coding_views."
INTERVIEW = "ervaring.analysis.interview_views."
COMPLAINTS = "ervaring.analysis.complaint_views."
SURVEY = "onderzoek/<slug:slug>/"

app_name = "analysis"
urlpatterns = [
    path(SURVEY + "open-antwoorden/", heavy_view(CODING + "open_answers"), name="open-answers"),
    path(
        SURVEY + "open-antwoorden/opschonen/",
        heavy_view(CODING + "rescrub"),
        name="rescrub",
    ),
    path(SURVEY + "codeboek/", heavy_view(CODEBOOK + "codebook_page"), name="codebook"),
    path(
        SURVEY + "codeboek/codeboek.csv",
        heavy_view(CODEBOOK + "export_codebook"),
        name="codebook-export",
    ),
    path(
        SURVEY + "codeboek/inlezen/",
        heavy_view(CODEBOOK + "import_codebook"),
        name="codebook-import",
    ),
    path(
        SURVEY + "codeboek/<slug:key>/verwijderen/",
        heavy_view(CODEBOOK + "remove_code"),
        name="code-remove",
    ),
    path(
        SURVEY + "coderen/<str:qslug>/",
        heavy_view(CODING + "start_coding"),
        name="coding-start",
    ),
    path(
        SURVEY + "overeenstemming/<str:qslug>/",
        heavy_view(CODING + "agreement_page"),
        name="agreement",
    ),
    path(
        SURVEY + "overeenstemming/<str:qslug>/steekproef/",
        heavy_view(CODING + "draw_second_sample"),
        name="agreement-sample",
    ),
    path(
        SURVEY + "overeenstemming/<str:qslug>/<int:pk>/besluit/",
        heavy_view(CODING + "settle"),
        name="agreement-settle",
    ),
    path(SURVEY + "coderen/<str:qslug>/ongedaan/", heavy_view(CODING + "undo"), name="coding-undo"),
    path(
        SURVEY + "coderen/<str:qslug>/<int:pk>/",
        heavy_view(CODING + "code_answer"),
        name="coding",
    ),
    path(
        SURVEY + "coderen/<str:qslug>/<int:pk>/verbergen/",
        heavy_view(CODING + "hide"),
        name="coding-hide",
    ),
    path(SURVEY + "interviews/", heavy_view(INTERVIEW + "interview_round"), name="interviews"),
    path(
        SURVEY + "interviews/<int:pk>/uploaden/",
        heavy_view(INTERVIEW + "upload_transcript"),
        name="interview-upload",
    ),
    path(
        SURVEY + "interviews/coderen/",
        heavy_view(INTERVIEW + "start_coding"),
        name="interview-coding-start",
    ),
    path(
        SURVEY + "interviews/coderen/<int:pk>/",
        heavy_view(INTERVIEW + "code_fragment"),
        name="interview-coding",
    ),
    path(
        SURVEY + "interviews/coderen/<int:pk>/verbergen/",
        heavy_view(INTERVIEW + "hide"),
        name="interview-hide",
    ),
    path(SURVEY + "klachten/", heavy_view(COMPLAINTS + "complaints_page"), name="complaints"),
    path(
        SURVEY + "klachten/inlezen/",
        heavy_view(COMPLAINTS + "import_complaints"),
        name="complaints-import",
    ),
    path(
        SURVEY + "klachten/drempel/",
        heavy_view(COMPLAINTS + "set_threshold"),
        name="complaints-threshold",
    ),
    path(
        SURVEY + "klachten/<int:pk>/verwijderen/",
        heavy_view(COMPLAINTS + "remove_complaint"),
        name="complaint-remove",
    ),
]
