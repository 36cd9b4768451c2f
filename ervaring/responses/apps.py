from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "ervaring.responses"
    label = "responses"

    def ready(self) -> None:
        from ervaring.responses import checks  # noqa: F401  (registers the system check)
