"""The beheerder's teams: wijkteams or sociale teams that professionals and team leaders
belong to, and that population files and team dashboards name."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ervaring.accounts import permissions, services
from ervaring.accounts.forms import TeamForm
from ervaring.accounts.models import Team


@login_required
def teams(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The list with a form for a new team; with `pk`, the form renames that team."""
    if not permissions.can_manage_staff(request.user):
        raise Http404
    organisation = request.user.organisation
    team = get_object_or_404(Team, pk=pk, organisation=organisation) if pk else None
    form = TeamForm(request.POST or None, initial={"name": team.name if team else ""})
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_team(
                organisation, form.cleaned_data["name"], team=team, actor=request.user
            )
        except ValueError as error:
            form.add_error("name", str(error))
        else:
            done = "hernoemd" if team else "toegevoegd"
            messages.success(request, f"Team {saved.name} is {done}.")
            return redirect("accounts:teams")
    listed = organisation.teams.annotate(people=Count("members")).order_by("name")
    context = {"form": form, "teams": listed, "team": team}
    return render(request, "accounts/teams.html", context, status=422 if form.errors else 200)
