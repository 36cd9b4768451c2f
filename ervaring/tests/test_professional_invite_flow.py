"""End to end across fieldwork and responses: a professional invites a client by SMS, the
background worker sends it, and the client completes the survey from the link in the SMS.

It lives in the project-level tests because it crosses the apps' layers on purpose.
"""

import json
import re

import pytest
from django_tasks_db.models import DBTaskResult

from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.fieldwork import population_services, tasks
from ervaring.fieldwork.models import Invitation, Message
from ervaring.fieldwork.progress import record_progress
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.models import Response
from ervaring.responses.tests.test_respondent_flow import answer_pages, start

pytestmark = pytest.mark.django_db


def test_a_professional_invites_by_sms_and_the_client_completes_from_the_link(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "ervaring.fieldwork.channels.sms.FileSmsBackend"
    settings.SMS_FILE = str(tmp_path / "sms.jsonl")
    survey = SurveyFactory(in_fieldwork=True)
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    rows = [row("C-7", "Hulpmiddelen", mobile="06 1234 5678")]
    assert population_services.import_population(survey, csv_bytes(rows)).is_imported
    professional = StaffFactory(professional=True, organisation=survey.organisation)

    client.force_login(professional)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/veldwerk/uitnodigen/{survey.slug}/", {"client_ref": "C-7", "channel": "sms"})
    client.logout()
    # The page woke the worker; run the task it enqueued (the worker's loop closes database
    # connections, which a test transaction cannot survive; test_crash runs the real one).
    [enqueued] = DBTaskResult.objects.ready()
    assert enqueued.task_path == tasks.send_outbox.module_path
    enqueued.task.call(*enqueued.task_result.args, **enqueued.task_result.kwargs)

    [sms] = [json.loads(line) for line in (tmp_path / "sms.jsonl").read_text().splitlines()]
    assert sms["to"] == "+31612345678"
    link = re.search(r"https?://\S+/k/(\w+)", sms["text"])
    assert link, sms["text"]
    personal = client.get(f"/k/{link.group(1)}")
    assert personal.status_code == 200
    last = answer_pages(client, start(client, link.group(1)))
    assert "Hartelijk dank" in last.content.decode()

    response = Response.objects.get()
    assert response.is_completed and response.channel == "professional"
    assert response.attributes["team"] == professional.team.slug
    assert response.attributes["provision_groups"] == ["hulpmiddelen"]
    assert professional.username not in json.dumps(response.attributes)
    assert not Invitation.objects.get().is_completed  # recorded by the worker, not the request
    record_progress(response.survey)
    assert Invitation.objects.get().is_completed
    assert Message.objects.get().status == "sent"
