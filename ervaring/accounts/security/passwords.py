"""Password rules: Django's validators (AUTH_PASSWORD_VALIDATORS), with Dutch text where
Django 6.1's own translation is missing."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with the Dutch message its catalogue lacks (its message id changed to
    "%d" in 6.1 while the Dutch translation still has "%(min_length)d")."""

    def get_error_message(self) -> str:
        return f"Dit wachtwoord is te kort. Het moet minstens {self.min_length} tekens hebben."

    def get_help_text(self) -> str:
        return f"Uw wachtwoord moet minstens {self.min_length} tekens hebben."
