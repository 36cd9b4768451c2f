from django.contrib.auth import views as auth_views
from django.urls import path

from ervaring.accounts import views

app_name = "accounts"
urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("start/", views.home, name="home"),
    path("mijn-gegevens/", views.profile, name="profile"),
    path("medewerkers/", views.staff_list, name="staff-list"),
    path("medewerkers/<int:pk>/e-mail/", views.staff_email, name="staff-email"),
]
