from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ervaring.accounts"
    label = "accounts"
    verbose_name = "Organisaties en medewerkers"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ervaring.accounts.security import (
            checks,  # noqa: F401  (registers the checks)
            sessions,
        )

        user_logged_in.connect(sessions.start, dispatch_uid="ervaring.staff-session-start")
