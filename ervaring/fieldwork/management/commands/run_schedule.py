from django.core.management.base import BaseCommand

from ervaring.fieldwork import tasks


class Command(BaseCommand):
    help = (
        "Enqueue every scheduled fieldwork job (outbox, reminders, monthly cohorts) for the "
        "background worker; run it from cron or a systemd timer every few minutes."
    )

    def handle(self, *args: object, **options: object) -> None:
        for name in tasks.run_schedule():
            self.stdout.write(f"enqueued {name}")
