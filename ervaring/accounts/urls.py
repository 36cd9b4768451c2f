from django.urls import path

from ervaring.accounts import installation_views, team_views, views
from ervaring.accounts.auth_urls import urlpatterns as auth_urlpatterns

app_name = "accounts"
urlpatterns = [
    *auth_urlpatterns,
    path("start/", views.home, name="home"),
    path("mijn-gegevens/", views.profile, name="profile"),
    path("medewerkers/", views.staff_list, name="staff-list"),
    path("medewerkers/uitnodigen/", views.staff_invite, name="staff-invite"),
    path("medewerkers/<int:pk>/wijzigen/", views.staff_change, name="staff-change"),
    path("organisatie/", views.organisation_settings, name="organisation"),
    path("teams/", team_views.teams, name="teams"),
    path("teams/<int:pk>/", team_views.teams, name="team-rename"),
    path("installatie/organisaties/", installation_views.organisations, name="installation"),
    path("medewerkers/<int:pk>/e-mail/", views.staff_email, name="staff-email"),
]
