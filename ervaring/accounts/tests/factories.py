import factory

from ervaring.accounts.models import Organisation, Role, Staff, Team


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    name = factory.LazyAttribute(lambda o: f"Gemeente {o.slug.title()}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"team-{n}")
    name = factory.LazyAttribute(lambda o: f"Wijkteam {o.slug}")


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff member; roles as traits: StaffFactory(teamleider=True)."""

    class Meta:
        model = Staff

    username = factory.Sequence(lambda n: f"medewerker{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.ONDERZOEKER
    password = factory.django.Password("geheim-wachtwoord-1")

    class Params:
        beheerder = factory.Trait(role=Role.BEHEERDER)
        invoerder = factory.Trait(role=Role.INVOERDER)
        teamleider = factory.Trait(
            role=Role.TEAMLEIDER,
            team=factory.SubFactory(
                TeamFactory, organisation=factory.SelfAttribute("..organisation")
            ),
        )
        professional = factory.Trait(
            role=Role.PROFESSIONAL,
            team=factory.SubFactory(
                TeamFactory, organisation=factory.SelfAttribute("..organisation")
            ),
        )
