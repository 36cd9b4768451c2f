from django.urls import path

from ervaring.reporting import dashboard_views, report_views

app_name = "reporting"
urlpatterns = [
    path("dashboards/", dashboard_views.my_dashboards, name="my-dashboards"),
    path(
        "onderzoek/<slug:slug>/dashboard/",
        dashboard_views.survey_dashboard,
        name="survey-dashboard",
    ),
    path(
        "onderzoek/<slug:slug>/dashboard/live/",
        dashboard_views.survey_dashboard_fragment,
        name="survey-dashboard-live",
    ),
    path(
        "onderzoek/<slug:slug>/dashboard/team/<slug:team_slug>/",
        dashboard_views.team_dashboard,
        name="team-dashboard",
    ),
    path(
        "onderzoek/<slug:slug>/dashboard/team/<slug:team_slug>/live/",
        dashboard_views.team_dashboard_fragment,
        name="team-dashboard-live",
    ),
    path(
        "onderzoek/<slug:slug>/signalen/<int:pk>/notitie/",
        dashboard_views.acknowledge,
        name="alert-acknowledge",
    ),
    path(
        "onderzoek/<slug:slug>/dashboard/openbaar/",
        dashboard_views.public_summary,
        name="public-summary-switch",
    ),
    path("onderzoek/<slug:slug>/rapport/", report_views.report_page, name="report"),
    path("onderzoek/<slug:slug>/rapport/pdf/", report_views.report_pdf, name="report-pdf"),
    path("onderzoek/<slug:slug>/rapport/word/", report_views.report_docx, name="report-docx"),
    path(
        "onderzoek/<slug:slug>/rapport/raadsbrief/",
        report_views.raadsbrief_docx,
        name="raadsbrief-docx",
    ),
    path(
        "onderzoek/<slug:slug>/rapport/bevindingen/",
        report_views.findings_edit,
        name="findings-edit",
    ),
    path(
        "onderzoek/<slug:slug>/tabellenboek/",
        report_views.tablebook_xlsx,
        name="tablebook",
    ),
]
