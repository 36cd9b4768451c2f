"""Login, second factor, passwords, sessions and the audit log (included by
`accounts.urls`)."""

from django.contrib.auth import views as django_auth_views
from django.urls import path

from ervaring.accounts import audit_views, auth_views, key_views

urlpatterns = [
    path("logboek/", audit_views.audit_log, name="audit-log"),
    path("inloggen/", auth_views.login_view, name="login"),
    path("inloggen/tweede-factor/", auth_views.second_factor_view, name="second-factor"),
    path(
        "tweede-factor/instellen/",
        auth_views.second_factor_setup_view,
        name="second-factor-setup",
    ),
    path("tweede-factor/herstelcodes/", auth_views.recovery_codes_view, name="recovery-codes"),
    path("inloggen/sleutel/opties/", key_views.login_options, name="key-login-options"),
    path("inloggen/sleutel/", key_views.login_with_key, name="key-login"),
    path("sleutels/opties/", key_views.register_options, name="key-register-options"),
    path("sleutels/", key_views.register, name="key-register"),
    path("sleutels/<int:pk>/verwijderen/", key_views.remove, name="key-remove"),
    path("uitloggen/", django_auth_views.LogoutView.as_view(), name="logout"),
    path("overal-uitloggen/", auth_views.logout_everywhere_view, name="logout-everywhere"),
    path(
        "wachtwoord/wijzigen/",
        auth_views.PasswordChangeView.as_view(),
        name="password-change",
    ),
    path(
        "wachtwoord/vergeten/",
        auth_views.PasswordResetView.as_view(),
        name="password-reset",
    ),
    path(
        "wachtwoord/vergeten/verstuurd/",
        django_auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_sent.html"
        ),
        name="password-reset-sent",
    ),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "wachtwoord/nieuw/klaar/",
        django_auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
]
