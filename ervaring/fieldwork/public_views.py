"""Public pages of fieldwork for respondents: saying no to the survey.

No login: the opt-out token in the link is the key (see `fieldwork.opt_out`). A GET only
shows the question, because mail scanners and link previews open every link; the objection
is recorded by the button (POST).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ervaring.fieldwork import opt_out as opt_out_service


@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    invitation = opt_out_service.find_invitation_by_token(token)
    if invitation is None:
        return render(request, "fieldwork/public/opt_out.html", {}, status=404)
    done = invitation.is_opted_out
    if request.method == "POST":
        opt_out_service.opt_out(invitation)
        done = True
    context = {"invitation": invitation, "done": done}
    return render(request, "fieldwork/public/opt_out.html", context)
