"""Public pages of fieldwork for respondents: saying no to the survey.

No login: the opt-out token in the link is the key (see `fieldwork.opt_out`). A GET only
shows the question, because mail scanners and link previews open every link; the objection
is recorded by the button (POST).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ervaring import languages
from ervaring.fieldwork import opt_out as opt_out_service
from ervaring.fieldwork.models import Invitation
from ervaring.fieldwork.public_texts import opt_out_text
from ervaring.questionnaires.services import get_document


@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    invitation = opt_out_service.find_invitation_by_token(token)
    if invitation is None:
        return render(request, "fieldwork/public/opt_out.html", _context(request, None), status=404)
    done = invitation.is_opted_out
    if request.method == "POST":
        opt_out_service.opt_out(invitation)
        done = True
    context = _context(request, invitation, done=done)
    return render(request, "fieldwork/public/opt_out.html", context)


def _context(request: HttpRequest, invitation: Invitation | None, **extra: object) -> dict:
    """The page in the language chosen on the respondent pages, when the survey offers it;
    the switch lists the survey's languages."""
    offered = languages.SHIPPED
    if invitation is not None and invitation.survey.current_version_id:
        offered = languages.offered(get_document(invitation.survey.current_version).languages)
    language = request.session.get(languages.SESSION_LANGUAGE, "nl")
    language = language if language in offered else "nl"
    text = opt_out_text(language)
    organisation = invitation.survey.organisation.name if invitation else ""
    return {
        "invitation": invitation,
        "lang": language,
        "dir": languages.direction(language),
        "t": text,
        "lead": text["optout_lead"].format(organisation=organisation),
        "path": request.get_full_path(),
        "other_languages": [
            (code, languages.NAMES[code], languages.direction(code))
            for code in offered
            if code != language
        ],
        **extra,
    }
