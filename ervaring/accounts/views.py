from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ervaring.accounts import permissions, services
from ervaring.accounts.forms import EmailForm, InviteForm, OrganisationForm, StaffChangeForm
from ervaring.accounts.invitations import InvitationError, invite_staff
from ervaring.accounts.models import Staff
from ervaring.accounts.navigation import staff_menu
from ervaring.accounts.security.second_factor import security_status


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """After login: the first page of the staff member's menu (team roles have no survey list)."""
    items = staff_menu(request)["staff_menu"]
    return redirect(items[0][1] if items else "questionnaires:survey-list")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """A staff member's own details: for now the e-mail address that signals go to."""
    if not permissions.is_staff_member(request.user):
        raise Http404
    form = EmailForm(request.POST or None, initial={"email": request.user.email})
    if request.method == "POST" and form.is_valid():
        services.set_staff_email(request.user, form.cleaned_data["email"], actor=request.user)
        messages.success(request, "Uw e-mailadres is opgeslagen.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, **security_status(request.user)})


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    """The beheerder's list of the organisation's staff, with who can receive signals."""
    if not permissions.can_manage_staff(request.user):
        raise Http404
    people = Staff.objects.filter(organisation=request.user.organisation).select_related("team")
    return render(request, "accounts/staff_list.html", {"people": people.order_by("username")})


@login_required
def staff_email(request: HttpRequest, pk: int) -> HttpResponse:
    """The beheerder sets a colleague's e-mail address; another organisation's staff is 404."""
    person = services.get_staff_to_manage(request.user, pk)
    form = EmailForm(request.POST or None, initial={"email": person.email})
    if request.method == "POST" and form.is_valid():
        services.set_staff_email(person, form.cleaned_data["email"], actor=request.user)
        messages.success(request, f"Het e-mailadres van {person.get_username()} is opgeslagen.")
        return redirect("accounts:staff-list")
    return render(request, "accounts/staff_email.html", {"form": form, "person": person})


@login_required
def organisation_settings(request: HttpRequest) -> HttpResponse:
    """The beheerder sets what respondents and clients see: name, contact, signatory, logo."""
    if not permissions.can_manage_staff(request.user):
        raise Http404
    organisation = request.user.organisation
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in OrganisationForm.Meta.fields}
        organisation.refresh_from_db()  # the form wrote its values on the instance already
        services.update_organisation(
            organisation,
            fields,
            form.cleaned_data["logo_file"],
            form.cleaned_data["remove_logo"],
            actor=request.user,
        )
        messages.success(request, "De gegevens van de organisatie zijn opgeslagen.")
        return redirect("accounts:organisation")
    context = {"form": form, "organisation": organisation, "has_logo": bool(organisation.logo)}
    return render(request, "accounts/organisation.html", context)


@login_required
def staff_invite(request: HttpRequest) -> HttpResponse:
    """The beheerder invites a colleague, who sets a password through the e-mailed link."""
    if not permissions.can_manage_staff(request.user):
        raise Http404
    organisation = request.user.organisation
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = invite_staff(
                organisation,
                data["username"],
                data["email"],
                data["role"],
                data["team"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                actor=request.user,
            )
        except InvitationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{person.get_full_name()} is uitgenodigd; de e-mail ging naar {person.email}.",
            )
            return redirect("accounts:staff-list")
    return render(request, "accounts/staff_invite.html", {"form": form})


@login_required
def staff_change(request: HttpRequest, pk: int) -> HttpResponse:
    """The beheerder changes a colleague's role or team, or switches the account off."""
    person = services.get_staff_to_manage(request.user, pk)
    initial = {"role": person.role, "team": person.team, "is_active": person.is_active}
    form = StaffChangeForm(
        request.POST or None, initial=initial, organisation=request.user.organisation
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_staff(
                person, data["role"], data["team"], data["is_active"], actor=request.user
            )
        except services.StaffChangeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"De gegevens van {person.get_username()} zijn opgeslagen.")
            return redirect("accounts:staff-list")
    return render(request, "accounts/staff_change.html", {"form": form, "person": person})
