"""The audit log page of an organisation's beheerder, and its CSV export."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from ervaring.accounts import audit_labels, audit_queries, permissions
from ervaring.accounts.services import log_event

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    van = forms.DateField(
        label="Van", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tot = forms.DateField(
        label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    wie = forms.ChoiceField(label="Wie", required=False)
    soort = forms.ChoiceField(
        label="Soort handeling", required=False, choices=[("", "Alles"), *audit_labels.GROUPS]
    )
    onderwerp = forms.CharField(label="Onderwerp bevat", required=False, max_length=100)

    def __init__(self, *args: object, actors: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wie"].choices = [("", "Iedereen"), *[(a, a) for a in actors]]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data

    def chosen(self) -> audit_queries.AuditFilter:
        data = self.cleaned_data
        return audit_queries.AuditFilter(
            start=data.get("van"),
            end=data.get("tot"),
            actor=data.get("wie", ""),
            group=data.get("soort", ""),
            target=data.get("onderwerp", "").strip(),
        )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who logged in, viewed, exported or changed what: for the organisation's beheerder."""
    if not permissions.can_read_audit_log(request.user):
        raise Http404
    organisation = request.user.organisation
    form = AuditFilterForm(request.GET or None, actors=audit_queries.actors_of(organisation))
    chosen = form.chosen() if form.is_valid() else audit_queries.AuditFilter()
    events = audit_queries.events_of(organisation, chosen)
    if request.GET.get("formaat") == "csv" and form.is_valid():
        return _csv(request, events, chosen)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "page": page,
        "rows": [audit_queries.as_row(e) for e in page.object_list],
        "query": query.urlencode(),
    }
    return render(request, "accounts/audit_log.html", context)


def _csv(request: HttpRequest, events: object, chosen: audit_queries.AuditFilter) -> HttpResponse:
    log_event(
        "audit.exported",
        organisation=request.user.organisation,
        actor=request.user,
        target="logboek",
        van=str(chosen.start or ""),
        tot=str(chosen.end or ""),
        wie=chosen.actor,
        soort=chosen.group,
        onderwerp=chosen.target,
    )
    response = StreamingHttpResponse(
        audit_queries.csv_lines(events), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="logboek-{stamp}.csv"'
    return response
