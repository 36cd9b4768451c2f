"""The installation administrator's page for the national reference figures.

The figures are the same for every organisation, so an organisation's beheerder must not
change them for everyone: only the installation's administrator
(`permissions.is_installation_admin`, as on the organisations page) sees this page; everyone
else gets 404, so its existence is not revealed.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ervaring.accounts import permissions
from ervaring.reporting.national_services import (
    DEFAULT_SOURCE,
    NationalImportError,
    done_message,
    import_national,
    stored_years,
)
from ervaring.reporting.registration_services import MAX_UPLOAD_BYTES


class NationalUploadForm(forms.Form):
    file = forms.FileField(
        label="Bestand met landelijke cijfers (CSV of Excel)",
        help_text="Kolommen: jaar, wet, vraag (zoals wmo-2), percentage eens en eventueel n.",
    )
    source = forms.CharField(
        label="Bron",
        max_length=200,
        required=False,
        help_text=f"Leeg laten geeft '{DEFAULT_SOURCE}' met het jaar.",
    )


@login_required
def national_figures(request: HttpRequest) -> HttpResponse:
    if not permissions.is_installation_admin(request.user):
        raise Http404
    form = NationalUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            problems = ["Dit bestand is te groot voor landelijke cijfers (meer dan 2 MB)."]
        else:
            try:
                result = import_national(
                    file.read(), source_text=form.cleaned_data["source"], actor=request.user
                )
            except NationalImportError as error:
                problems = error.problems
            else:
                messages.success(request, done_message(result))
                return redirect("reporting:national-figures")
    context = {"form": form, "problems": problems, "stored": stored_years()}
    failed = bool(form.errors or problems)
    return render(request, "reporting/national_page.html", context, status=422 if failed else 200)
