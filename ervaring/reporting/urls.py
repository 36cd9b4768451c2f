from django.urls import path

from ervaring.lazy_views import heavy_view

# Dashboards and reports compute with pandas and scipy: loaded on their first request
# (see ervaring.lazy_views), never with the URLs.
DASHBOARD = "ervaring.reporting.dashboard_views."
REPORT = "ervaring.reporting.report_views."
FILES = "ervaring.reporting.download_views."
STEPS = "ervaring.reporting.steps_views."
TRENDS = "ervaring.reporting.trend_views."
MONITOR = "ervaring.reporting.monitor_views."
NATIONAL = "ervaring.reporting.national_views."

app_name = "reporting"
urlpatterns = [
    path(
        "installatie/landelijke-cijfers/",
        heavy_view(NATIONAL + "national_figures"),
        name="national-figures",
    ),
    path("dashboards/", heavy_view(DASHBOARD + "my_dashboards"), name="my-dashboards"),
    path(
        "onderzoek/<slug:slug>/dashboard/",
        heavy_view(DASHBOARD + "survey_dashboard"),
        name="survey-dashboard",
    ),
    path(
        "onderzoek/<slug:slug>/dashboard/live/",
        heavy_view(DASHBOARD + "survey_dashboard_fragment"),
        name="survey-dashboard-live",
    ),
    path(
        "onderzoek/<slug:slug>/dashboard/team/<slug:team_slug>/",
        heavy_view(DASHBOARD + "team_dashboard"),
        name="team-dashboard",
    ),
    path(
        "onderzoek/<slug:slug>/dashboard/team/<slug:team_slug>/live/",
        heavy_view(DASHBOARD + "team_dashboard_fragment"),
        name="team-dashboard-live",
    ),
    path(
        "onderzoek/<slug:slug>/signalen/<int:pk>/notitie/",
        heavy_view(DASHBOARD + "acknowledge"),
        name="alert-acknowledge",
    ),
    path(
        "onderzoek/<slug:slug>/dashboard/openbaar/",
        heavy_view(DASHBOARD + "public_summary"),
        name="public-summary-switch",
    ),
    path("onderzoek/<slug:slug>/rapport/", heavy_view(REPORT + "report_page"), name="report"),
    path(
        "onderzoek/<slug:slug>/rapport/pdf/", heavy_view(REPORT + "report_pdf"), name="report-pdf"
    ),
    path(
        "onderzoek/<slug:slug>/rapport/word/",
        heavy_view(REPORT + "report_docx"),
        name="report-docx",
    ),
    path(
        "onderzoek/<slug:slug>/raadsbrief/",
        heavy_view(REPORT + "raadsbrief_edit"),
        name="raadsbrief",
    ),
    path(
        "onderzoek/<slug:slug>/raadsbrief/word/",
        heavy_view(REPORT + "raadsbrief_docx"),
        name="raadsbrief-docx",
    ),
    path(
        "onderzoek/<slug:slug>/raadsbrief/pdf/",
        heavy_view(REPORT + "raadsbrief_pdf"),
        name="raadsbrief-pdf",
    ),
    path(
        "onderzoek/<slug:slug>/rapport/bevindingen/",
        heavy_view(REPORT + "findings_edit"),
        name="findings-edit",
    ),
    path("monitor/", heavy_view(MONITOR + "monitor_page"), name="monitor"),
    path("monitor/inlezen/", heavy_view(MONITOR + "upload"), name="monitor-upload"),
    path("monitor/inlezen/<int:pk>/", heavy_view(MONITOR + "columns"), name="monitor-columns"),
    path("monitor/indicator/<int:pk>/", heavy_view(MONITOR + "pair"), name="monitor-pair"),
    path(
        "monitor/kwartaalmonitor.<str:fmt>",
        heavy_view(MONITOR + "download"),
        name="monitor-download",
    ),
    path(
        "monitor/<slug:slug>/kwartaal/<str:quarter>/",
        heavy_view(MONITOR + "quarter_report"),
        name="monitor-quarter",
    ),
    path("eerdere-jaren/", heavy_view(TRENDS + "earlier_years"), name="earlier-years"),
    path(
        "eerdere-jaren/bestand/",
        heavy_view(TRENDS + "earlier_year_file"),
        name="earlier-year-file",
    ),
    path(
        "eerdere-jaren/<int:pk>/verwijderen/",
        heavy_view(TRENDS + "remove_earlier_year"),
        name="earlier-year-remove",
    ),
    path("onderzoek/<slug:slug>/stappen/", heavy_view(STEPS + "survey_steps"), name="steps"),
    path(
        "onderzoek/<slug:slug>/gerapporteerd/",
        heavy_view(STEPS + "mark_reported"),
        name="mark-reported",
    ),
    path("onderzoek/<slug:slug>/bestanden/", heavy_view(FILES + "files_page"), name="files"),
    path(
        "onderzoek/<slug:slug>/bestanden/databestand.<str:fmt>",
        heavy_view(FILES + "data_file"),
        name="data-file",
    ),
    path(
        "onderzoek/<slug:slug>/bestanden/toelichting.txt",
        heavy_view(FILES + "data_file_notes"),
        name="data-file-notes",
    ),
    path(
        "onderzoek/<slug:slug>/bestanden/monitor.csv",
        heavy_view(FILES + "monitor_file"),
        name="monitor-file",
    ),
    path(
        "onderzoek/<slug:slug>/bestanden/vragenlijst.pdf",
        heavy_view(FILES + "paper_questionnaire"),
        name="paper-questionnaire",
    ),
    path(
        "onderzoek/<slug:slug>/tabellenboek/",
        heavy_view(REPORT + "tablebook_xlsx"),
        name="tablebook",
    ),
]
