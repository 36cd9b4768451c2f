"""Counting the facts the stappenplan is decided on (:mod:`ervaring.reporting.steps`)."""

from ervaring.accounts.models import AuditEvent
from ervaring.fieldwork import overview
from ervaring.fieldwork.models import Channel, Client, Message, MessageStatus, SampleDesign
from ervaring.questionnaires import document as doc
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.services import get_document
from ervaring.reporting.models import CouncilLetterText, ReportText
from ervaring.reporting.steps import SurveyFacts
from ervaring.responses.models import Response


def survey_facts(survey: Survey) -> SurveyFacts:
    """A handful of counting queries; no analysis, so the page stays quick."""
    totals = overview.survey_totals(survey)
    messages = Message.objects.filter(survey=survey)
    return SurveyFacts(
        status=survey.status,
        version=survey.current_version.number if survey.current_version else 0,
        missing_measures=tuple(doc.missing_measures(get_document(survey.current_version))),
        clients=Client.objects.filter(survey=survey).count(),
        # A sample drawn on its page, or invitations made otherwise (monthly cohorts, a
        # professional's invitation, the demo): either way there are people to invite.
        sample_drawn=totals.sampled > 0 or SampleDesign.objects.filter(survey=survey).exists(),
        invited=totals.sampled,
        went_out=totals.invited,
        waiting=totals.waiting,
        letters_to_print=messages.filter(
            channel=Channel.LETTER, status=MessageStatus.QUEUED
        ).count(),
        reminders=messages.filter(reminder_number__gt=0).count(),
        completed=Response.objects.filter(survey=survey, completed_at__isnull=False).count(),
        report_edited=ReportText.objects.filter(survey=survey).exists()
        or CouncilLetterText.objects.filter(survey=survey).exists(),
        data_file_downloaded=AuditEvent.objects.filter(
            organisation=survey.organisation, action="reporting.export", target=survey.slug
        ).exists(),
    )
