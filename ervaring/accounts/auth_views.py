"""The staff login flow: password, second factor (or setting one up), password change and
reset, log out everywhere. The rules live in `accounts.security`; these views only apply them.
"""

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ervaring.accounts.models import RecoveryCodeDevice, Staff
from ervaring.accounts.security import keys, notify, second_factor, throttle
from ervaring.accounts.security import login as login_flow
from ervaring.accounts.security.forms import CodeForm, LoginForm
from ervaring.accounts.services import log_event
from ervaring.addresses import client_address

SHOW_RECOVERY_CODES = "ervaring_recovery_codes"


def _next_url(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _throttled(request: HttpRequest, template: str, context: dict, wait: int) -> HttpResponse:
    context["wait_seconds"] = wait
    return render(request, template, context, status=429)


@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    """Step one: username and password, within the budgets of `security.throttle`."""
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = LoginForm(request.POST or None)
    context = {"form": form, "next": next_url, "failed": False}
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/login.html", context)
    username = form.cleaned_data["username"]
    trusted = throttle.read_trusted_browser(request.COOKIES.get(throttle.TRUSTED_COOKIE), username)
    budgets = throttle.login_budgets(username, client_address(request), trusted)
    try:
        throttle.spend(budgets)
    except throttle.Throttled as refused:
        return _throttled(request, "accounts/login.html", context, refused.wait_seconds)
    staff = authenticate(request, username=username, password=form.cleaned_data["password"])
    if not isinstance(staff, Staff):
        _log_failed_login(username)
        context["failed"] = True
        return render(request, "accounts/login.html", context, status=200)
    throttle.give_back(budgets)
    destination = _next_url(request, next_url)
    if second_factor.has_second_factor(staff):
        login_flow.start_pending(request, staff, destination)
        return redirect("accounts:second-factor")
    if second_factor.is_required(staff):
        login_flow.start_pending(request, staff, destination)
        return redirect("accounts:second-factor-setup")
    return login_flow.complete(request, redirect(destination), staff, None)


def _log_failed_login(username: str) -> None:
    """A wrong password for an existing account goes into its organisation's audit log; an
    unknown username into the installation's, without the name (people type their password
    there by mistake). Both write one row, so the time taken does not tell them apart."""
    staff = Staff.objects.filter(username=username).select_related("organisation").first()
    log_event(
        "staff.login_failed",
        organisation=staff.organisation if staff is not None else None,
        actor_label=staff.get_username() if staff is not None else "onbekende gebruikersnaam",
        target=staff.get_username() if staff is not None else "",
    )


@sensitive_post_parameters("code")
def second_factor_view(request: HttpRequest) -> HttpResponse:
    """Step two: a code from the authenticator app, or one of the recovery codes."""
    pending = login_flow.find_pending(request)
    if pending is None:
        messages.info(request, "Log opnieuw in; de vorige poging duurde te lang.")
        return redirect("accounts:login")
    staff, destination = pending
    form = CodeForm(request.POST or None)
    context = {
        "form": form,
        "failed": False,
        "has_app": second_factor.find_app(staff) is not None,
        "has_keys": bool(keys.keys_of(staff)),
        "keys_available": keys.available(),
    }
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/second_factor.html", context)
    budget = (throttle.second_factor_budget(staff.pk),)
    try:
        throttle.spend(budget)
    except throttle.Throttled as refused:
        return _throttled(request, "accounts/second_factor.html", context, refused.wait_seconds)
    device = second_factor.verify(staff, form.cleaned_data["code"])
    if device is None:
        context["failed"] = True
        return render(request, "accounts/second_factor.html", context)
    throttle.give_back(budget)
    if isinstance(device, RecoveryCodeDevice):
        messages.warning(
            request,
            f"U hebt een herstelcode gebruikt; er zijn er nog {device.remaining()} over. "
            "Maak nieuwe herstelcodes als u er bijna geen meer hebt.",
        )
    return login_flow.complete(request, redirect(destination), staff, device)


@sensitive_post_parameters("code")
def second_factor_setup_view(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: during a login that requires it, or from Mijn gegevens."""
    pending = login_flow.find_pending(request)
    if pending is not None:
        staff, destination = pending
        if second_factor.has_second_factor(staff):
            # Half-way with only the password: a new app would bypass the one they have.
            return redirect("accounts:second-factor")
    elif request.user.is_authenticated:
        staff, destination = request.user, reverse("accounts:profile")
        if second_factor.has_second_factor(staff) and not request.user.is_verified():
            return redirect("accounts:profile")
    else:
        return redirect("accounts:login")
    device = second_factor.get_app_to_confirm(staff)
    form = CodeForm(request.POST or None)
    context = {
        "form": form,
        "qr": second_factor.qr_data_uri(device),
        "secret": second_factor.secret_for_typing(device),
        "failed": False,
    }
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/second_factor_setup.html", context)
    budget = (throttle.second_factor_budget(staff.pk),)
    try:
        throttle.spend(budget)
    except throttle.Throttled as refused:
        return _throttled(
            request, "accounts/second_factor_setup.html", context, refused.wait_seconds
        )
    codes = second_factor.confirm_app(staff, device, form.cleaned_data["code"])
    if codes is None:
        context["failed"] = True
        return render(request, "accounts/second_factor_setup.html", context)
    throttle.give_back(budget)
    device.refresh_from_db()
    log_event(
        "staff.second_factor_set_up",
        organisation=staff.organisation,
        actor=staff,
        target=staff.get_username(),
    )
    notify.send_security_notice(staff, "second_factor_set_up")
    response = redirect("accounts:recovery-codes")
    if pending is not None:
        response = login_flow.complete(request, response, staff, device)
    else:
        django_otp.login(request, device)
    request.session[SHOW_RECOVERY_CODES] = {"codes": codes, "next": destination}
    return response


@login_required
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    """Show new recovery codes once; a POST makes a new sheet (needs a verified login)."""
    if request.method == "POST":
        if not request.user.is_verified():
            return redirect("accounts:profile")
        codes = second_factor.make_recovery_codes(request.user)
        log_event(
            "staff.recovery_codes_renewed",
            organisation=request.user.organisation,
            actor=request.user,
            target=request.user.get_username(),
        )
        request.session[SHOW_RECOVERY_CODES] = {"codes": codes, "next": ""}
        return redirect("accounts:recovery-codes")
    shown = request.session.pop(SHOW_RECOVERY_CODES, None)
    if not shown:
        return redirect("accounts:profile")
    context = {"codes": shown["codes"], "next": shown["next"] or reverse("accounts:profile")}
    response = render(request, "accounts/recovery_codes.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def logout_everywhere_view(request: HttpRequest) -> HttpResponse:
    """End every session of this account, on every device, this one included."""
    staff = request.user
    Staff.objects.filter(pk=staff.pk).update(session_generation=F("session_generation") + 1)
    log_event(
        "staff.logged_out_everywhere",
        organisation=staff.organisation,
        actor=staff,
        target=staff.get_username(),
    )
    logout(request)
    messages.success(request, "U bent overal uitgelogd, ook op andere apparaten.")
    return redirect("accounts:login")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view (the validators run in its form), logged; other sessions end because
    the session hash depends on the password."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        log_event(
            "staff.password_changed",
            organisation=user.organisation,
            actor=user,
            target=user.get_username(),
        )
        notify.send_security_notice(user, "password_changed")
        messages.success(self.request, "Uw wachtwoord is gewijzigd.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view (no answer tells whether the address is known), within a budget of
    reset e-mails per address."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        try:
            throttle.spend((throttle.reset_request_budget(client_address(self.request)),))
        except throttle.Throttled as refused:
            context = self.get_context_data(form=form, wait_seconds=refused.wait_seconds)
            return self.render_to_response(context, status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view with its validators; it does not log in (the second factor still
    applies at the next login)."""

    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
    post_reset_login = False

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        log_event(
            "staff.password_reset",
            organisation=user.organisation,
            actor=user,
            target=user.get_username(),
        )
        notify.send_security_notice(user, "password_reset")
        return response
