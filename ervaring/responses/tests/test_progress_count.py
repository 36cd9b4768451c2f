"""The progress count "Stap N van M": M is fixed for a respondent from the first page to the
last, equals the welcome page's "N korte delen", and a page that routing skips advances N."""

import re

import pytest
from django.urls import reverse

from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.tests.formfill import fill

pytestmark = pytest.mark.django_db

STEP = {"nl": re.compile(r"Stap (\d+) van (\d+)"), "en": re.compile(r"Step (\d+) of (\d+)")}
PARTS = {
    "nl": re.compile(r"heeft (\d+) korte delen"),
    "en": re.compile(r"has (\d+) short parts"),
}
#: The standard Wmo pages for a client with household help only, worked out by hand from
#: wmo.yaml: contact, contact_zelf, contact_ervaring (only after "ja"), gesprek,
#: clientondersteuning, kwaliteit, effect, huishoudelijke_hulp, mening, over_u. The four other
#: provision pages can never be shown to this client and do not count.
PAGES_FOR_HOUSEHOLD_HELP = 10


def walk(client, language, contact_zelf):
    """Go from the welcome page to the check; the welcome count and every page's (N, M)."""
    if language == "en":
        client.post(reverse("responses:language"), {"lang": "en", "next": "/"})
    welcome = client.get(reverse("responses:survey")).content.decode()
    parts = int(PARTS[language].search(welcome).group(1))
    steps = []
    url = re.search(r'href="(/vragenlijst/[a-z_]+/)"', welcome).group(1)
    while url != reverse("responses:review"):
        html = client.get(url).content.decode()
        step, count = STEP[language].search(html).groups()
        steps.append((url.split("/")[-2], int(step), int(count)))
        data = fill(html)
        if "contact_zelf" in data:
            data["contact_zelf"] = contact_zelf
        url = client.post(url, data)["Location"]
    return parts, steps


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("contact_zelf", ["ja", "nee"])
def test_the_step_total_never_changes_and_matches_the_welcome_page(client, language, contact_zelf):
    issued = invite(SurveyFactory(in_fieldwork=True), provision_groups=("huishoudelijke_hulp",))
    client.post(reverse("responses:start"), {"code": issued.code})
    parts, steps = walk(client, language, contact_zelf)
    assert parts == PAGES_FOR_HOUSEHOLD_HELP
    assert {count for _, _, count in steps} == {PAGES_FOR_HOUSEHOLD_HELP}
    numbers = [step for _, step, _ in steps]
    assert numbers == sorted(set(numbers)), "N only goes up"
    pages = [page for page, _, _ in steps]
    assert pages[-1] == "over_u" and numbers[-1] == PAGES_FOR_HOUSEHOLD_HELP
    if contact_zelf == "nee":  # the skipped page advances the counter: 2 is followed by 4
        assert "contact_ervaring" not in pages
        assert numbers[pages.index("gesprek")] == numbers[pages.index("contact_zelf")] + 2
    else:
        assert numbers == list(range(1, PAGES_FOR_HOUSEHOLD_HELP + 1))


def test_a_second_provision_group_adds_its_page_to_the_total(client):
    issued = invite(
        SurveyFactory(in_fieldwork=True), provision_groups=("huishoudelijke_hulp", "vervoer")
    )
    client.post(reverse("responses:start"), {"code": issued.code})
    parts, steps = walk(client, "nl", "nee")
    assert parts == PAGES_FOR_HOUSEHOLD_HELP + 1
    assert {count for _, _, count in steps} == {PAGES_FOR_HOUSEHOLD_HELP + 1}
