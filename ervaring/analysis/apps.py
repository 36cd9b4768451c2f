from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "ervaring.analysis"
    label = "analysis"

    def ready(self) -> None:
        # The dashboard's running totals follow every completed response; responses sit
        # below analysis in the layers, so analysis listens instead of being called.
        from ervaring.analysis import tallies

        tallies.connect()
