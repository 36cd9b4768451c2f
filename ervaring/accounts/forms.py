"""Forms of the accounts pages: a staff member's own details and a beheerder's staff list."""

from django import forms
from django.utils.text import slugify

from ervaring.accounts import branding
from ervaring.accounts.models import Organisation, Role, Team


class EmailForm(forms.Form):
    """The one address alerts and (later) invitations to set a password go to."""

    email = forms.EmailField(
        label="E-mailadres",
        required=False,
        max_length=254,
        help_text="Hier krijgt u signalen over de resultaten. Laat leeg als u geen e-mail wilt.",
        error_messages={
            "invalid": "Dit is geen geldig e-mailadres, bijvoorbeeld naam@gemeente.nl."
        },
    )


class OrganisationForm(forms.ModelForm):
    """What respondents and clients see of the organisation: name, how to reach it, who signs
    the letters, and the logo. The second-factor policy has its own form (security)."""

    logo_file = forms.FileField(
        label="Logo (PNG of JPEG, hoogstens 500 kB)",
        required=False,
        help_text="Komt op de brieven en het rapport. Laat leeg om het huidige logo te houden.",
    )
    remove_logo = forms.BooleanField(label="Logo weghalen", required=False)

    class Meta:
        model = Organisation
        fields = (
            "name",
            "contact_phone",
            "opening_hours",
            "contact_email",
            "website",
            "return_address",
            "signatory_name",
            "signatory_role",
            "survey_address",
            "house_colour",
            "benchmark_opt_in",
        )
        labels = {
            "name": "Naam (zoals op brieven en in het rapport)",
            "contact_phone": "Telefoonnummer voor vragen van cliënten",
            "opening_hours": "Wanneer bereikbaar",
            "contact_email": "E-mailadres voor vragen van cliënten",
            "website": "Website",
            "return_address": "Retouradres op de brief",
            "signatory_name": "Wie ondertekent de brieven",
            "signatory_role": "Functie van de ondertekenaar",
            "survey_address": "Internetadres op de brief (leeg: het adres van deze installatie)",
            "house_colour": "Huiskleur",
            "benchmark_opt_in": "Meedoen met de vergelijking met andere gemeenten",
        }
        help_texts = {
            "contact_phone": "Staat in brieven, e-mails en op de pagina's, bijvoorbeeld 14 0318.",
            "opening_hours": "Bijvoorbeeld: ma-vr 9.00-17.00.",
            "return_address": "Bijvoorbeeld: Gemeente Ede, Postbus 9022, 6710 HK Ede.",
            "house_colour": "Een kleurcode zoals #00689e. Komt op de vragenlijst, in brieven, "
            "e-mails en het rapport. Te licht voor witte tekst? Dan krijgt u een donkerder tint "
            "voorgesteld. Leeg: donkerblauw.",
            "benchmark_opt_in": "Uw gepubliceerde cijfers per standaardvraag tellen mee in het "
            "gemiddelde van de deelnemende gemeenten in deze installatie, en u ziet dat gemiddelde "
            "in uw rapport en dashboard. Het gemiddelde verschijnt pas als minstens vijf "
            "gemeenten meedoen (uw eigen cijfer telt voor u niet mee). Het gemiddelde over een "
            "jaar ligt vast vanaf 1 juli van het jaar daarna en telt alleen onderzoeken die "
            "vóór die datum zijn afgerond; de cijfers van één gemeente ziet niemand.",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput | forms.FileInput):
                field.widget.attrs.setdefault("class", "input")

    def clean_house_colour(self) -> str:
        text = self.cleaned_data.get("house_colour", "").strip()
        if not text:
            return ""
        try:
            return branding.check_house_colour(text)
        except branding.ColourError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not branding.is_phone_number(phone):
            raise forms.ValidationError(
                "Dit is geen telefoonnummer. Gebruik cijfers, spaties en eventueel een +, "
                "bijvoorbeeld 14 0318 of 0318 680 911."
            )
        return phone

    def clean_logo_file(self) -> bytes | None:
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > branding.MAX_LOGO_BYTES:
            raise forms.ValidationError(
                f"Het logo is {upload.size // 1024} kB; het mag hoogstens "
                f"{branding.MAX_LOGO_BYTES // 1024} kB zijn."
            )
        data = upload.read()
        try:
            branding.check_logo(data)
        except branding.LogoError as error:
            raise forms.ValidationError(str(error)) from error
        return data


class InviteForm(forms.Form):
    """A new colleague: who, which role, which team, and where the invitation goes."""

    first_name = forms.CharField(label="Voornaam", max_length=150)
    last_name = forms.CharField(label="Achternaam", max_length=150)
    username = forms.RegexField(
        label="Gebruikersnaam",
        regex=r"^[a-z0-9._-]{3,40}$",
        help_text="Kleine letters, cijfers, punt, streepje; bijvoorbeeld j.devries.",
        error_messages={"invalid": "Gebruik 3 tot 40 kleine letters, cijfers, . _ of -."},
    )
    email = forms.EmailField(label="E-mailadres", help_text="Hierheen gaat de uitnodiging.")
    role = forms.ChoiceField(label="Rol", choices=Role.choices)
    team = forms.ModelChoiceField(
        label="Team (voor teamleider en professional)", queryset=Team.objects.none(), required=False
    )

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "input")


class StaffChangeForm(forms.Form):
    role = forms.ChoiceField(label="Rol", choices=Role.choices)
    team = forms.ModelChoiceField(
        label="Team (voor teamleider en professional)", queryset=Team.objects.none(), required=False
    )
    is_active = forms.BooleanField(
        label="Account aan (uitzetten: deze persoon kan niet meer inloggen)", required=False
    )

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()
        for name in ("role", "team"):
            self.fields[name].widget.attrs.setdefault("class", "input")


class NewOrganisationForm(forms.Form):
    """An installation administrator adds a municipality (or a research bureau's client) and
    the person who will be its first beheerder."""

    name = forms.CharField(
        label="Naam van de organisatie",
        max_length=200,
        help_text="Zoals op brieven en in het rapport, bijvoorbeeld Gemeente Ede.",
    )
    slug = forms.RegexField(
        label="Korte naam in webadressen",
        regex=r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$",
        required=False,
        help_text="Leeg: gemaakt uit de naam (gemeente-ede). Kleine letters, cijfers en -.",
        error_messages={"invalid": "Gebruik kleine letters, cijfers en streepjes, zoals ede."},
    )
    first_name = forms.CharField(label="Voornaam van de beheerder", max_length=150)
    last_name = forms.CharField(label="Achternaam van de beheerder", max_length=150)
    username = InviteForm.base_fields["username"]
    email = forms.EmailField(
        label="E-mailadres van de beheerder",
        help_text="Hierheen gaat de link waarmee de beheerder een wachtwoord kiest.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Gebruikersnaam van de beheerder"
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "input")

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.data.get("name", ""))[:50]
        if not slug:
            raise forms.ValidationError("Vul een korte naam in, zoals ede.")
        return slug


class TeamForm(forms.Form):
    name = forms.CharField(
        label="Naam van het team",
        max_length=200,
        help_text="Zoals in het bestand uit uw registratiesysteem, bijvoorbeeld Wijkteam Noord.",
        widget=forms.TextInput(attrs={"class": "input"}),
    )
