from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ervaring.accounts"
    label = "accounts"
    verbose_name = "Organisaties en medewerkers"

    def ready(self) -> None:
        from ervaring.accounts.security import checks  # noqa: F401  (registers the checks)
