"""Staff pages for sending: the outbox per channel and status, letter print runs, the
reminder schedule, and continuous measurement.

Views parse, authorise (`get_survey_for`: 404 for another organisation's survey and for
roles that do not manage surveys), call one service, and render or redirect.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ervaring.fieldwork import cohorts, outbox, printing, quick_invite, reminders, tasks
from ervaring.fieldwork.messaging_forms import LetterBatchForm, ReminderScheduleForm
from ervaring.fieldwork.models import LetterBatch, MessageStatus
from ervaring.fieldwork.population_summary import address_gaps
from ervaring.questionnaires import lifecycle
from ervaring.questionnaires.lifecycle import Action, SurveyError
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.queries import get_survey_for


@login_required
def outbox_page(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    fieldwork_settings = reminders.get_fieldwork_settings(survey)
    days = [*fieldwork_settings.reminder_days, None, None]
    context = {
        "survey": survey,
        "summary": outbox.summarise_outbox(survey),
        "statuses": MessageStatus.choices,
        "settings": fieldwork_settings,
        "schedule_form": ReminderScheduleForm(initial={"first": days[0], "second": days[1]}),
        "letter_form": LetterBatchForm(),
        "address_warning": address_gaps(survey).warning,
        "batches": survey.letter_batches.all()[:20],
        "cohorts": survey.cohorts.all()[:24],
        "by_professional": quick_invite.invitations_by_professional(survey),
        "unsent": outbox.count_unsent(survey),
        "reasons": outbox.unsent_reasons(survey),
    }
    return render(request, "fieldwork/outbox.html", context)


@login_required
@require_POST
def outbox_action(request: HttpRequest, slug: str) -> HttpResponse:
    """The page's buttons: queue invitations, queue reminders, save settings."""
    survey = get_survey_for(request.user, slug)
    action = request.POST.get("action")
    if action == "invitations":
        if not survey.allows(Action.QUEUE_INVITATIONS):
            messages.error(request, lifecycle.refusal(survey.status, Action.QUEUE_INVITATIONS))
        else:
            result = outbox.queue_invitations(survey)
            tasks.enqueue_sending(survey.pk)
            messages.success(request, _queued_text(survey, result))
    elif action == "resend":
        try:
            requeued = outbox.requeue_unsent(survey)
        except SurveyError as error:
            messages.error(request, str(error))
        else:
            tasks.enqueue_sending(survey.pk)
            messages.success(request, f"{requeued} berichten staan weer klaar om te versturen.")
    elif action == "reminders":
        queued = reminders.queue_due_reminders(survey)
        tasks.enqueue_sending(survey.pk)
        messages.success(request, f"{sum(queued.values())} herinneringen klaargezet.")
    elif action == "schedule":
        form = ReminderScheduleForm(request.POST)
        if form.is_valid():
            reminders.set_reminder_days(survey, form.cleaned_data["days"])
            messages.success(request, "Het schema voor herinneringen is opgeslagen.")
        else:
            messages.error(request, form.error_text())
    elif action == "continuous":
        cohorts.set_continuous(survey, request.POST.get("is_continuous") == "1")
        messages.success(request, "De instelling voor doorlopend meten is opgeslagen.")
    return redirect("fieldwork:outbox", slug=survey.slug)


def _queued_text(survey: Survey, result: outbox.QueueResult) -> str:
    """What queueing did, in words that match what will happen (not "sent" when it waits)."""
    text = f"{result.queued} uitnodigingen klaargezet."
    if not survey.allows(Action.SEND_MESSAGES):
        text += (
            " E-mails en sms'jes gaan uit zodra u het veldwerk start; tot dan wachten ze "
            "(u ziet ze onder 'In de wachtrij')."
        )
    if result.without_address:
        text += f" {result.without_address} mensen hebben geen adres voor hun kanaal."
    return text


@login_required
@require_POST
def letters_make(request: HttpRequest, slug: str) -> HttpResponse:
    """Make a print run and hand over its PDF; the letters in it count as sent."""
    survey = get_survey_for(request.user, slug)
    form = LetterBatchForm(request.POST)
    if not form.is_valid():
        return redirect("fieldwork:outbox", slug=survey.slug)
    buffer = io.BytesIO()
    try:
        batch = printing.print_letters(
            survey,
            buffer,
            reminder_number=form.cleaned_data["reminder_number"],
            stratum=form.cleaned_data["stratum"].strip(),
            actor=request.user,
        )
    except printing.PrintError as error:
        messages.error(request, str(error))
        return redirect("fieldwork:outbox", slug=survey.slug)
    return _pdf(buffer.getvalue(), f"brieven-{survey.slug}-{batch.pk}.pdf")


@login_required
def letters_download(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    """An earlier print run again, rendered from its messages (no PDF is stored)."""
    survey = get_survey_for(request.user, slug)
    batch = LetterBatch.objects.filter(survey=survey, pk=batch_id).first()
    if batch is None:
        raise Http404("Geen brieven gevonden")
    buffer = io.BytesIO()
    printing.render_batch(batch, buffer)
    return _pdf(buffer.getvalue(), f"brieven-{survey.slug}-{batch.pk}.pdf")


def _pdf(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
