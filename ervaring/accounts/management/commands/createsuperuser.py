"""Django's createsuperuser, which skips the password validators when it reads the password
from DJANGO_SUPERUSER_PASSWORD (--no-input); here that password is checked as well."""

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    def handle(self, *args: object, **options: object) -> None:
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password:
            username = options.get("username") or os.environ.get("DJANGO_SUPERUSER_USERNAME", "")
            try:
                validate_password(password, self.UserModel(username=username))
            except ValidationError as refused:
                message = "DJANGO_SUPERUSER_PASSWORD: " + " ".join(refused.messages)
                raise CommandError(message) from refused
        super().handle(*args, **options)
