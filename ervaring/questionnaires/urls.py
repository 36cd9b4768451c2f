from django.urls import path

from ervaring.questionnaires import views

app_name = "questionnaires"
urlpatterns = [
    path("", views.survey_list, name="survey-list"),
    path("onderzoek/nieuw/", views.survey_create, name="survey-create"),
    path("onderzoek/<slug:slug>/", views.survey_detail, name="survey-detail"),
    path("onderzoek/<slug:slug>/vragenlijst/", views.survey_edit, name="survey-edit"),
    path("onderzoek/<slug:slug>/vraag/", views.survey_add_question, name="survey-add-question"),
    path("onderzoek/<slug:slug>/start/", views.survey_start, name="survey-start"),
    path(
        "onderzoek/<slug:slug>/versie/<int:number>/in-gebruik/",
        views.survey_adopt_version,
        name="survey-adopt-version",
    ),
]
