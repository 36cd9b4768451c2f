"""Staff preview of the respondent pages: exactly what a respondent sees, nothing stored.

A project leader checks wording and routing before fieldwork. Every theme can be opened, also
the ones routing would hide, with a note saying when respondents see it.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ervaring.questionnaires.queries import get_survey_for
from ervaring.questionnaires.routing import condition_to_data
from ervaring.questionnaires.services import describe_condition, get_document
from ervaring.responses.presenters import question_row
from ervaring.responses.texts import ui_text


@login_required
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    questionnaire = get_document(survey.current_version)
    language = "en" if request.GET.get("taal") == "en" else "nl"
    themes = list(questionnaire.themes)
    ids = [t.id for t in themes]
    page_id = request.GET.get("pagina", ids[0])
    position = ids.index(page_id) if page_id in ids else 0
    theme = themes[position]
    rows = []
    for question in theme.questions:
        row = question_row(question, None, "", language)
        condition = (
            describe_condition(condition_to_data(question.show_if), questionnaire)
            if question.show_if
            else ""
        )
        rows.append((row, condition))
    context = {
        "survey": survey,
        "lang": language,
        "t": ui_text(language),
        "theme": theme,
        "theme_title": theme.title.get(language),
        "theme_intro": theme.intro.get(language) if theme.intro else "",
        "theme_condition": (
            describe_condition(condition_to_data(theme.show_if), questionnaire)
            if theme.show_if
            else ""
        ),
        "rows": rows,
        "step_label": ui_text(language)["step"].format(step=position + 1, count=len(ids)),
        "previous_id": ids[position - 1] if position > 0 else None,
        "next_id": ids[position + 1] if position + 1 < len(ids) else None,
        "pages": [(t.id, t.title.get(language)) for t in themes],
        "version": survey.current_version.number,
    }
    return render(request, "responses/preview.html", context)
