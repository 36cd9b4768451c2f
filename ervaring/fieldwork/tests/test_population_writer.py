"""Writing a checked population with plain SQL: every value lands where the ORM reads it,
batches keep each client with its own contact details, and deleting touches one survey only."""

from dataclasses import fields
from datetime import date

import pytest

from ervaring.accounts.tests.factories import TeamFactory
from ervaring.fieldwork import population_writer
from ervaring.fieldwork.models import Client, ContactDetails
from ervaring.fieldwork.population.records import ClientRecord
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def full_record(number: int) -> ClientRecord:
    """A record with every field filled, each value different from every other client's."""
    text = {f.name: f"{f.name} {number}" for f in fields(ClientRecord) if f.type is str}
    return ClientRecord(
        **{
            **text,
            "client_ref": f"C-{number}",
            "first_row": number + 1,
            "law": "wmo",
            "provision_names": ("hbh",),
            "provision_groups": ("vervoer", "begeleiding"),
            "birth_date": date(1950, 1, 1 + number % 28),
            "birth_year": 1950,
            "gender": "vrouw",
            "team": "noord",
            "postcode": f"{1000 + number} AB",
            "parent_postcode": f"{2000 + number} CD",
            "language": ("tr", "pl", "ar", "en", "uk")[number % 5],  # a code, as the import gives
        }
    )


def test_every_value_is_written_where_the_orm_reads_it():
    survey = SurveyFactory()
    noord = TeamFactory(organisation=survey.organisation, slug="noord")
    record = full_record(7)
    assert population_writer.add_clients(survey, [record], date(2026, 3, 1)) == 1
    client = Client.objects.select_related("contact").get()
    assert (client.survey, client.client_ref, client.law, client.team) == (
        survey,
        "C-7",
        "wmo",
        noord,
    )
    assert client.provision_groups == ["begeleiding", "vervoer"]  # sorted
    assert (client.birth_year, client.gender, client.district, client.added_on) == (
        1950,
        "vrouw",
        "district 7",
        date(2026, 3, 1),
    )
    contact = client.contact
    for name in population_writer.CONTACT_FIELDS:
        assert getattr(contact, name) == getattr(record, name), name
    assert contact.birth_date == date(1950, 1, 8)


def test_batches_keep_each_client_with_its_own_contact_details(monkeypatch):
    monkeypatch.setattr(population_writer, "BATCH_SIZE", 3)
    survey = SurveyFactory()
    done = []
    written = population_writer.add_clients(
        survey, (full_record(n) for n in range(8)), date(2026, 3, 1), done.append
    )
    assert written == 8 and done == [3, 6, 8]
    pairs = set(ContactDetails.objects.values_list("client__client_ref", "name"))
    assert pairs == {(f"C-{n}", f"name {n}") for n in range(8)}


def test_deleting_a_population_leaves_other_surveys_alone():
    first, second = SurveyFactory(), SurveyFactory()
    population_writer.add_clients(first, [full_record(1), full_record(2)], date(2026, 3, 1))
    population_writer.add_clients(second, [full_record(1)], date(2026, 3, 1))
    population_writer.delete_clients(first)
    assert list(Client.objects.values_list("survey", "client_ref")) == [(second.pk, "C-1")]
    assert list(ContactDetails.objects.values_list("client__survey", flat=True)) == [second.pk]
