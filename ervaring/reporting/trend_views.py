"""The page "Eerdere jaren": an organisation's figures of earlier years, typed in from old
reports, that the report, raadsbrief and dashboard compare this year with."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ervaring.accounts import permissions
from ervaring.accounts.services import log_event
from ervaring.analysis.models import TrendResult, TrendSource
from ervaring.reporting.trend_forms import EarlierFileForm, TrendForm, law_of, standard_columns


def _organisation(request: HttpRequest):
    if not permissions.can_manage_surveys(request.user):
        raise Http404
    return request.user.organisation


@login_required
def earlier_years(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = TrendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                TrendResult.objects.create(
                    organisation=organisation,
                    law=law_of(data["question"]),
                    year=data["year"],
                    question=data["question"],
                    pct_agree=float(data["pct_agree"]),
                    n=data["n"],
                    population=data["population"],
                    source=TrendSource.REPORT,
                )
                log_event(
                    "trend.added",
                    organisation=organisation,
                    actor=request.user,
                    target=f"{data['question']} {data['year']}",
                )
        except IntegrityError:
            form.add_error(
                None,
                f"Voor {data['question']} in {data['year']} is al een cijfer ingevoerd. "
                "Verwijder dat eerst als het niet klopt.",
            )
        else:
            messages.success(request, f"{data['question']} {data['year']} is opgeslagen.")
            return redirect("reporting:earlier-years")
    return _page(request, form, EarlierFileForm())


def _page(request: HttpRequest, form: TrendForm, file_form: EarlierFileForm) -> HttpResponse:
    figures = TrendResult.objects.filter(organisation=request.user.organisation).order_by(
        "law", "question", "year"
    )
    return render(
        request,
        "reporting/earlier_years.html",
        {"form": form, "file_form": file_form, "figures": figures},
    )


@login_required
@require_POST
def earlier_year_file(request: HttpRequest) -> HttpResponse:
    """An earlier year's data file: every standard question's figure stored, or none."""
    from ervaring.analysis.earlier_file import EarlierFileError, earlier_figures, read_table

    organisation = _organisation(request)
    file_form = EarlierFileForm(request.POST, request.FILES)
    if not file_form.is_valid():
        return _page(request, TrendForm(), file_form)
    year, upload = file_form.cleaned_data["file_year"], file_form.cleaned_data["data_file"]
    try:
        figures = earlier_figures(read_table(upload.read(), upload.name), standard_columns())
        if not figures:
            raise EarlierFileError(
                "Geen standaardvraag heeft minstens twee geldige antwoorden; "
                "er is niets opgeslagen."
            )
        taken = sorted(
            TrendResult.objects.filter(
                organisation=organisation,
                year=year,
                question__in=[f.standard for f in figures],
            ).values_list("question", flat=True)
        )
        if taken:
            raise EarlierFileError(
                f"Voor {', '.join(taken)} in {year} is al een cijfer ingevoerd. Verwijder dat "
                "eerst als het niet klopt; er is niets opgeslagen."
            )
        with transaction.atomic():
            for f in figures:
                TrendResult.objects.create(
                    organisation=organisation,
                    law=law_of(f.standard),
                    year=year,
                    question=f.standard,
                    pct_agree=f.pct_agree,
                    n=f.n,
                    population=f.population,
                    se=f.se,
                    source=TrendSource.DATASET,
                )
            log_event(
                "trend.file_imported",
                organisation=organisation,
                actor=request.user,
                target=f"{year}: {len(figures)} vragen",
            )
    except EarlierFileError as error:
        file_form.add_error("data_file", str(error))
        return _page(request, TrendForm(), file_form)
    messages.success(
        request,
        f"{len(figures)} cijfers van {year} berekend uit het databestand en opgeslagen: "
        f"{', '.join(f.standard for f in figures)}.",
    )
    return redirect("reporting:earlier-years")


@login_required
@require_POST
def remove_earlier_year(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request)
    figure = get_object_or_404(TrendResult, pk=pk, organisation=organisation)
    with transaction.atomic():
        figure.delete()
        log_event(
            "trend.removed",
            organisation=organisation,
            actor=request.user,
            target=f"{figure.question} {figure.year}",
        )
    messages.success(request, f"{figure.question} {figure.year} is verwijderd.")
    return redirect("reporting:earlier-years")
