"""Plain language, measured (issue 14): every fixed Dutch text a respondent reads, and the
intros of the standard questionnaires, in sentences of at most 15 words and without jargon,
unless the jargon word is explained on the same page.

What is checked: the Dutch texts of `texts.py`; the respondent pages as rendered for a sample
survey (code entry, welcome, a question page, check, stopped, thanks, privacy and the
accessibility statement, with and without an open code); the standard questionnaires' intro,
page intros and thank-you text. The questions themselves keep the standard's wording (years
must stay comparable), so question texts, hints and options are left out of the pages.
"""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.standard import TEMPLATES, load_template
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.tests.formfill import fill
from ervaring.responses.texts import NL

pytestmark = pytest.mark.django_db

MAX_WORDS = 15
#: Words a B1 reader stumbles on. A word counts as explained when the same page follows it
#: with "(", ":", "is", "betekent" or ", dat is" in its sentence.
JARGON = (
    "voorziening",
    "maatwerkvoorziening",
    "indicatie",
    "beschikking",
    "cliëntondersteuner",
    "cliëntondersteuning",
    "keukentafelgesprek",
    "zorgaanbieder",
    "javascript",
    "axe-core",
    "volgcode",
    "cookie",
)
INLINE = r"</?(?:a|strong|em|span|abbr|b|i)\b[^>]*>"
#: Questionnaire content on the pages: question blocks and the check's answered sections.
QUESTION_BLOCK = re.compile(
    r'<fieldset class="question.*?</fieldset>|<div class="question .*?\n</div>'
    r'|<section class="review-section".*?</section>',
    re.S,
)


def sentences(text: str) -> list[str]:
    """The sentences of a text: split at line breaks and after . ? ! followed by a space."""
    found = []
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[.?!])\s+", line.strip()):
            if re.search(r"\w", sentence):
                found.append(sentence)
    return found


def words(sentence: str) -> list[str]:
    return [w for w in sentence.split() if re.search(r"\w", w)]


def page_text(html: str) -> str:
    """What a reader sees on a page, one block per line; questionnaire content left out."""
    body = re.search(r"<body\b.*</body>", html, re.S).group(0)
    body = re.sub(r"<script\b.*?</script>", "", body, flags=re.S)
    body = QUESTION_BLOCK.sub("\n", body)
    body = re.sub(INLINE, "", body)
    body = re.sub(r"<[^>]+>", "\n", body)
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in unescape(body).splitlines())


def problems(source: str, text: str) -> list[str]:
    found = []
    for sentence in sentences(text):
        count = len(words(sentence))
        if count > MAX_WORDS:
            found.append(f"{source}: {count} words: {sentence}")
    lowered = text.lower()
    for word in JARGON:
        for match in re.finditer(rf"\b{re.escape(word)}\w*", lowered):
            rest = lowered[match.end() : match.end() + 20]
            if not re.match(r"\s*(\(|:|is\b|betekent\b|, dat is\b)", rest):
                found.append(f"{source}: jargon '{word}' without explanation")
                break
    return found


def respondent_pages() -> dict[str, str]:
    """The fixed respondent pages of a sample survey, as a respondent gets them."""
    survey = SurveyFactory(in_fieldwork=True)
    organisation = survey.organisation
    organisation.contact_phone, organisation.opening_hours = "14 0318", "ma-vr 9.00-17.00"
    organisation.save()
    anonymous = Client()
    pages = {
        "code": anonymous.get(reverse("responses:start")).content.decode(),
        "verkeerde code": anonymous.post(
            reverse("responses:start"), {"code": "ZZZZ-ZZZZ-ZZZZ"}
        ).content.decode(),
        "verlopen": anonymous.get(reverse("responses:expired")).content.decode(),
        "toegankelijkheid zonder code": anonymous.get(
            reverse("responses:accessibility")
        ).content.decode(),
    }
    client = Client()
    client.post(reverse("responses:start"), {"code": invite(survey).code})
    pages["welkom"] = client.get(reverse("responses:survey")).content.decode()
    url = reverse("responses:page", kwargs={"page_id": "contact"})
    pages["vraagpagina"] = client.get(url).content.decode()
    while url != reverse("responses:review"):
        url = client.post(url, fill(client.get(url).content.decode()))["Location"]
    pages["nakijken"] = client.get(url).content.decode()
    pages["privacy"] = client.get(reverse("responses:privacy")).content.decode()
    pages["toegankelijkheid"] = client.get(reverse("responses:accessibility")).content.decode()
    pages["klaar"] = client.post(url, {"action": "send"}, follow=True).content.decode()
    stopper = Client()
    stopper.post(reverse("responses:start"), {"code": invite(survey).code})
    first = reverse("responses:page", kwargs={"page_id": "contact"})
    pages["gestopt"] = stopper.post(first, {"action": "stop"}, follow=True).content.decode()
    return pages


def questionnaire_intros() -> dict[str, str]:
    texts = {}
    for key in TEMPLATES:
        questionnaire = load_template(key)
        for name, text in (("intro", questionnaire.intro), ("bedankt", questionnaire.thanks)):
            if text:
                texts[f"{key} {name}"] = text.get("nl")
        for theme in questionnaire.themes:
            if theme.intro:
                texts[f"{key} {theme.id}"] = theme.intro.get("nl")
    return texts


def test_the_checker_flags_long_sentences_and_unexplained_jargon():
    long = " ".join(["woord"] * 16) + "."
    assert problems("x", long) and not problems("x", " ".join(["woord"] * 15) + ".")
    assert problems("x", "U krijgt een beschikking.")
    assert not problems("x", "Een beschikking is de brief met het besluit.")
    assert problems("x", page_text("<body><p>Een <strong>voorziening</strong>.</p></body>"))


def test_fixed_texts_are_plain_dutch():
    found = [p for key, text in NL.items() for p in problems(f"texts.py {key}", text)]
    assert found == [], "\n".join(found)


def test_respondent_pages_are_plain_dutch():
    found = [
        p for name, html in respondent_pages().items() for p in problems(name, page_text(html))
    ]
    assert found == [], "\n".join(found)


def test_standard_questionnaire_intros_are_plain_dutch():
    found = [p for name, text in questionnaire_intros().items() for p in problems(name, text)]
    assert found == [], "\n".join(found)
