"""Background task of the API: queue and send webhooks (listed in `ervaring.schedule.jobs`)."""

from django.tasks import task

from ervaring.api import webhooks


@task()
def send_webhooks() -> dict[str, int]:
    """Queue new events for every endpoint, then send what is due; safe to run twice."""
    webhooks.collect()
    return {"tried": webhooks.send_due()}
