from django.core.management.base import BaseCommand

from ervaring.schedule import jobs


class Command(BaseCommand):
    help = (
        "Enqueue every periodic job (outbox, reminders, monthly cohorts, alert evaluation) "
        "for the background worker; run it from cron or a systemd timer every few minutes."
    )

    def handle(self, *args: object, **options: object) -> None:
        for name in jobs.run_schedule():
            self.stdout.write(f"enqueued {name}")
