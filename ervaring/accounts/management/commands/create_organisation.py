from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email, validate_slug

from ervaring.accounts.invitations import InvitationError, create_organisation


class Command(BaseCommand):
    help = (
        "Create an organisation (a municipality, or a research bureau's client) and invite its "
        "first beheerder by e-mail, with a one-time link to set a password. For scripted "
        "installs; installation administrators can do the same in Django admin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True, help="short name, e.g. ede")
        parser.add_argument("--name", required=True, help='e.g. "Gemeente Ede"')
        parser.add_argument("--beheerder", required=True, help="username of the first beheerder")
        parser.add_argument("--email", required=True, help="where the invitation goes")

    def handle(self, *args: object, **options: object) -> None:
        slug, email = str(options["slug"]), str(options["email"])
        try:
            validate_slug(slug)
            validate_email(email)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        try:
            organisation, person = create_organisation(
                slug, str(options["name"]), str(options["beheerder"]), email,
                actor_label="create-organisation",
            )  # fmt: skip
        except InvitationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"created {organisation.name} ({organisation.slug}); invitation for "
            f"{person.username} sent to {email}"
        )
