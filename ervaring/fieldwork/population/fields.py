"""The fields Ervaring reads from a population file, and which column holds which.

Suppliers name their columns in many ways; `suggest_mapping` recognises the common Dutch
headers, the user confirms or corrects the mapping, and `check_mapping` refuses a mapping that
cannot work before a single row is read.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """One field Ervaring knows, with the header names suppliers use for it."""

    key: str
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    required: bool = False


# Headers of a column holding street and house number together (and perhaps postcode and
# town). A plain "Adres" beside a house-number column is only the street: see suggest_mapping.
ADDRESS_ALIASES = (
    "adres",
    "woonadres",
    "postadres",
    "verblijfsadres",
    "correspondentieadres",
    "volledigadres",
    "adresregel",
    "adresregel1",
    "straatenhuisnummer",
    "straathuisnummer",
    "straathuisnr",
    "straatnr",
    "adresstraatenhuisnummer",
)
# Fields that together hold one person's address; a combined column replaces the first two.
ADDRESS_PARTS = {
    "address": ("street", "house_number"),
    "parent_address": ("parent_street", "parent_house_number"),
}

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "client_ref",
        "Cliëntnummer",
        "ref",
        (
            "clientnummer",
            "clientnr",
            "client",
            "clientid",
            "id",
            "klantnummer",
            "klantnr",
            "dossiernummer",
            "registratienummer",
            "persoonsnummer",
            "relatienummer",
            "cliëntnummer",
        ),
        required=True,
    ),
    FieldSpec("law", "Wet", "law", ("wet", "wettelijkkader", "kader", "regeling", "domein")),
    FieldSpec(
        "provision_groups",
        "Voorziening(en)",
        "provisions",
        (
            "voorziening",
            "voorzieningen",
            "voorzieningengroep",
            "voorzieningsgroep",
            "product",
            "producten",
            "productgroep",
            "productcategorie",
            "ondersteuning",
        ),
        required=True,
    ),
    FieldSpec("birth_date", "Geboortedatum", "date", ("geboortedatum", "gebdatum", "geboren")),
    FieldSpec("birth_year", "Geboortejaar", "year", ("geboortejaar", "gebjaar")),
    FieldSpec("gender", "Geslacht", "gender", ("geslacht", "gender", "sekse")),
    FieldSpec(
        "team", "Team", "team", ("wijkteam", "team", "sociaalteam", "wijteam", "gebiedsteam")
    ),
    FieldSpec("district", "Wijk", "text", ("wijk", "buurt", "gebied", "stadsdeel", "kern")),
    FieldSpec("name", "Naam", "text", ("naam", "achternaam", "volledigenaam", "tenaamstelling")),
    FieldSpec(
        "address",
        "Adres (straat en huisnummer in één kolom)",
        "address",
        ADDRESS_ALIASES,
    ),
    FieldSpec("street", "Straat", "text", ("straat", "straatnaam")),
    FieldSpec("house_number", "Huisnummer", "house_number", ("huisnummer", "huisnr", "nr")),
    FieldSpec(
        "house_number_addition",
        "Toevoeging",
        "text",
        ("toevoeging", "huisnummertoevoeging", "huisletter"),
    ),
    FieldSpec("postcode", "Postcode", "postcode", ("postcode", "pc")),
    FieldSpec("town", "Woonplaats", "text", ("woonplaats", "plaats", "plaatsnaam")),
    FieldSpec("email", "E-mail", "email", ("email", "emailadres", "mail")),
    FieldSpec("mobile", "Mobiel", "mobile", ("mobiel", "mobielnummer", "mobieltelefoon", "gsm")),
    FieldSpec("phone", "Telefoon", "phone", ("telefoon", "telefoonnummer", "tel", "telnr")),
    FieldSpec("parent_name", "Naam ouder/verzorger", "text", ("naam", "achternaam")),
    FieldSpec(
        "parent_address",
        "Adres ouder/verzorger (straat en huisnummer in één kolom)",
        "address",
        ADDRESS_ALIASES,
    ),
    FieldSpec("parent_street", "Straat ouder/verzorger", "text", ("straat", "straatnaam")),
    FieldSpec("parent_house_number", "Huisnummer ouder/verzorger", "house_number", ("huisnummer",)),
    FieldSpec("parent_postcode", "Postcode ouder/verzorger", "postcode", ("postcode",)),
    FieldSpec("parent_town", "Woonplaats ouder/verzorger", "text", ("woonplaats", "plaats")),
    FieldSpec("parent_email", "E-mail ouder/verzorger", "email", ("email", "emailadres")),
    FieldSpec("parent_mobile", "Mobiel ouder/verzorger", "mobile", ("mobiel", "telefoon", "gsm")),
    FieldSpec(
        "language",
        "Taal",
        "language",
        ("taal", "voorkeurstaal", "spreektaal", "moedertaal", "communicatietaal", "language"),
    ),
)
FIELD_BY_KEY = {spec.key: spec for spec in FIELDS}
# Words that turn "e-mail" into "e-mail of the parent or carer".
PARENT_MARKERS = ("ouders", "ouder", "verzorgers", "verzorger", "vertegenwoordiger", "wettelijk")


def normalise_header(header: str) -> str:
    """'E-mail ouder ' -> 'emailouder': lower case, no accents, letters and digits only."""
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def suggest_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Propose field -> header for the headers a file has; the user confirms or corrects it.

    A header mentioning a parent or carer ("e-mail ouder", "mobiel verzorger") goes to the
    parent variant of the field. Each header and each field is used at most once. "Adres"
    holds street and number together, unless the file also has a house-number column: then it
    is only the street.
    """
    mapping: dict[str, str] = {}
    for header in headers:
        norm = normalise_header(header)
        is_parent = False
        for marker in PARENT_MARKERS:
            if marker in norm and norm != marker:
                norm = norm.replace(marker, "")
                is_parent = True
        for spec in FIELDS:
            if spec.key.startswith("parent_") != is_parent or spec.key in mapping:
                continue
            if norm in {normalise_header(alias) for alias in spec.aliases}:
                mapping[spec.key] = header
                break
    for combined, (street, number) in ADDRESS_PARTS.items():
        if combined in mapping and number in mapping:
            header = mapping.pop(combined)
            mapping.setdefault(street, header)
    return mapping


def check_mapping(mapping: Mapping[str, str], headers: Sequence[str]) -> list[str]:
    """Problems with a mapping itself, in Dutch: unknown fields or columns, a missing
    required field, a column used for two fields."""
    problems = []
    for key, header in mapping.items():
        if key not in FIELD_BY_KEY:
            problems.append(f"Onbekend veld '{key}' in de koppeling.")
        elif header not in headers:
            problems.append(
                f"De kolom '{header}' (voor {FIELD_BY_KEY[key].label}) staat niet in het bestand."
            )
    for spec in FIELDS:
        if spec.required and not mapping.get(spec.key):
            problems.append(f"Kies de kolom voor {spec.label}: dat veld is verplicht.")
    for combined, parts in ADDRESS_PARTS.items():
        if mapping.get(combined) and any(mapping.get(part) for part in parts):
            labels = " en ".join(f"'{FIELD_BY_KEY[part].label}'" for part in parts)
            problems.append(
                f"Kies voor het adres óf de kolom voor '{FIELD_BY_KEY[combined].label}', óf "
                f"de kolommen voor {labels}, niet allebei."
            )
    used = [h for h in mapping.values() if h]
    for header in sorted({h for h in used if used.count(h) > 1}):
        problems.append(f"De kolom '{header}' is aan meer dan één veld gekoppeld.")
    return problems
