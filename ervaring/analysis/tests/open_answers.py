"""Completed responses with open answers, made with the real services and scrubbed."""

from django.utils import timezone

from ervaring.fieldwork.tests.factories import invite
from ervaring.responses import scrubbing_runs, services
from ervaring.responses.models import OpenText, Response


def answered(survey, texts, *, groups=("begeleiding",), team="noord", **answers):
    """One completed response with these open answers (question id -> text), scrubbed."""
    issued = invite(survey, provision_groups=groups, team=team)
    response, code = services.open_with_code(issued.code, "192.0.2.1")
    data = {qid: [text] for qid, text in texts.items()}
    assert not services.save_page(response, "mening", data, "stop", code).errors
    Response.objects.filter(pk=response.pk).update(completed_at=timezone.now())
    scrubbing_runs.scrub_waiting()
    return response


def texts_for(survey, question_id="open_goed"):
    return list(OpenText.objects.filter(survey=survey, question_id=question_id).order_by("pk"))
