"""The installation administrator's page: the organisations on this installation, and a new
one with its first beheerder, without the Django admin or a terminal.

Only for a superuser whose login used a second factor (`permissions.is_installation_admin`);
everyone else gets 404, so the page's existence is not revealed. The administrator sees
names and numbers of staff, never an organisation's surveys or answers.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ervaring.accounts import permissions
from ervaring.accounts.forms import NewOrganisationForm
from ervaring.accounts.invitations import InvitationError, create_organisation
from ervaring.accounts.models import Organisation


@login_required
def organisations(request: HttpRequest) -> HttpResponse:
    if not permissions.is_installation_admin(request.user):
        raise Http404
    form = NewOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation, person = create_organisation(
                data["slug"],
                data["name"],
                data["username"],
                data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                actor=request.user,
            )
        except InvitationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{organisation.name} is aangemaakt. {person.get_full_name()} krijgt een e-mail "
                f"op {person.email} met een link om een wachtwoord te kiezen; daarna stelt de "
                "beheerder de organisatie, de teams en de collega's in.",
            )
            return redirect("accounts:installation")
    listed = Organisation.objects.annotate(people=Count("staff")).order_by("name")
    context = {"form": form, "organisations": listed}
    return render(
        request, "accounts/installation.html", context, status=422 if form.errors else 200
    )
