from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ervaring.accounts"
    label = "accounts"
    verbose_name = "Organisaties en medewerkers"
