"""The professional's quick page: invite a client right after a conversation.

For professionals and team leaders only (`permissions.can_invite_clients`): the invitation
is recorded on their team. Researchers and admins invite through the sample instead, so
they get a 404 here, as does anyone for another organisation's survey.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ervaring.accounts import permissions
from ervaring.fieldwork import quick_invite, tasks
from ervaring.fieldwork.messaging_forms import ProfessionalInviteForm
from ervaring.questionnaires.models import Survey


def _open_surveys(request: HttpRequest) -> list[Survey]:
    if not permissions.can_invite_clients(request.user):
        raise Http404("Pagina niet gevonden")
    return list(quick_invite.open_surveys(request.user))  # type: ignore[arg-type]


@login_required
def choose_survey(request: HttpRequest) -> HttpResponse:
    surveys = _open_surveys(request)
    if len(surveys) == 1:
        return redirect("fieldwork:invite", slug=surveys[0].slug)
    return render(request, "fieldwork/invite_choose.html", {"surveys": surveys})


@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    survey = next((s for s in _open_surveys(request) if s.slug == slug), None)
    if survey is None:
        raise Http404("Onderzoek niet gevonden")
    form = ProfessionalInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = quick_invite.invite_after_conversation(
                survey,
                request.user,  # type: ignore[arg-type]
                client_ref=form.cleaned_data["client_ref"],
                address=form.cleaned_data["address"],
                channel=form.cleaned_data["channel"],
            )
        except quick_invite.InviteError as error:
            form.add_error(None, str(error))
        else:
            tasks.enqueue_sending(survey.pk)
            way = "sms" if sent.channel == "sms" else "e-mail"
            messages.success(
                request, f"De uitnodiging gaat per {way} naar {sent.masked_address}. Dank u wel!"
            )
            return redirect("fieldwork:invite", slug=survey.slug)
    return render(request, "fieldwork/invite.html", {"survey": survey, "form": form})
