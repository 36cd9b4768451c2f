"""Reading and checking a population file from a municipal registration system.

Pure functions: no request, no database. `read_table` turns the bytes of a CSV or XLSX export
into header and rows (whatever the separator or encoding); `suggest_mapping` proposes which
column holds which field; `parse_population` validates every cell and merges duplicate
clients, returning client records and a list of problems. The caller imports only when that
list is empty: a population is all or nothing, because a half-imported population would make
the sample (and every figure after it) quietly wrong.

Row numbers in problems are the ones a person sees in a spreadsheet: the header is row 1.
"""

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

import phonenumbers
from python_calamine import CalamineError, CalamineWorkbook

# --- Fields ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """One field Ervaring knows, with the header names suppliers use for it."""

    key: str
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    required: bool = False


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
    FieldSpec("street", "Straat", "text", ("straat", "straatnaam", "adres")),
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
    FieldSpec("parent_street", "Straat ouder/verzorger", "text", ("straat", "adres")),
    FieldSpec("parent_house_number", "Huisnummer ouder/verzorger", "house_number", ("huisnummer",)),
    FieldSpec("parent_postcode", "Postcode ouder/verzorger", "postcode", ("postcode",)),
    FieldSpec("parent_town", "Woonplaats ouder/verzorger", "text", ("woonplaats", "plaats")),
    FieldSpec("parent_email", "E-mail ouder/verzorger", "email", ("email", "emailadres")),
    FieldSpec("parent_mobile", "Mobiel ouder/verzorger", "mobile", ("mobiel", "telefoon", "gsm")),
)
FIELD_BY_KEY = {spec.key: spec for spec in FIELDS}
# Words that turn "e-mail" into "e-mail of the parent or carer".
PARENT_MARKERS = ("ouders", "ouder", "verzorgers", "verzorger", "vertegenwoordiger", "wettelijk")
MAX_TEXT = 200


def normalise_header(header: str) -> str:
    """'E-mail ouder ' -> 'emailouder': lower case, no accents, letters and digits only."""
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def suggest_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Propose field -> header for the headers a file has; the user confirms or corrects it.

    A header mentioning a parent or carer ("e-mail ouder", "mobiel verzorger") goes to the
    parent variant of the field. Each header and each field is used at most once.
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
    used = [h for h in mapping.values() if h]
    for header in sorted({h for h in used if used.count(h) > 1}):
        problems.append(f"De kolom '{header}' is aan meer dan één veld gekoppeld.")
    return problems


# --- Reading the file ----------------------------------------------------------------------


class PopulationFileError(ValueError):
    """The file cannot be read as a table at all (the message is Dutch, for the user)."""


@dataclass
class RawTable:
    """A file as header and rows of text; `rows` holds (row number in the file, cells)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    file_format: str
    encoding: str = ""
    delimiter: str = ""


def read_table(data: bytes) -> RawTable:
    """Read a CSV or XLSX export; the format is recognised from the content, not the name."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    return _read_csv(data)


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), otherwise Windows-1252.

    Windows-1252 decodes nearly any byte string, so UTF-8 is tried first: bytes that are
    valid UTF-8 and contain non-ASCII characters are almost never meant as Windows-1252.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252"


def sniff_delimiter(first_line: str) -> str:
    """The separator the header line uses most: ';' (Dutch Excel), ',' or a tab."""
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(data: bytes) -> RawTable:
    text, encoding = decode_text(data)
    if not text.strip():
        raise PopulationFileError("Het bestand is leeg.")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for record in reader:
            if headers is None:
                if not any(cell.strip() for cell in record):
                    continue
                headers = [cell.strip() for cell in record]
                header_line = reader.line_num
                continue
            rows.append((reader.line_num - header_line + 1, record))
    except csv.Error as error:
        raise PopulationFileError(f"Het bestand is geen geldige CSV: {error}.") from error
    return RawTable(headers or [], rows, "csv", encoding, delimiter)


def _xlsx_cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _read_xlsx(data: bytes) -> RawTable:
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        cells = sheet.to_python(skip_empty_area=False)
    except (CalamineError, zipfile.BadZipFile, ValueError) as error:
        raise PopulationFileError("Het Excel-bestand kan niet worden gelezen.") from error
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for index, record in enumerate(cells, start=1):
        texts = [_xlsx_cell(value) for value in record]
        if headers is None:
            if any(t.strip() for t in texts):
                headers, header_row = [t.strip() for t in texts], index
            continue
        rows.append((index - header_row + 1, texts))
    return RawTable(headers or [], rows, "xlsx")


# --- Checking cells ------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file; `row` is None for the file as a whole."""

    row: int | None
    column: str
    message: str
    value: str = ""


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """One client as the file describes it, after validation and merging of duplicates.

    Frozen, with its provisions as a tuple: cell values are cached and shared between rows
    (see `CellChecker`), so a record that could be changed in place would change every other
    client that shares the value. Merging makes a new record instead.
    """

    client_ref: str
    first_row: int
    law: str = ""
    provision_groups: tuple[str, ...] = ()
    birth_date: date | None = None
    birth_year: int | None = None
    gender: str = ""
    team: str = ""
    district: str = ""
    name: str = ""
    street: str = ""
    house_number: str = ""
    house_number_addition: str = ""
    postcode: str = ""
    town: str = ""
    email: str = ""
    mobile: str = ""
    phone: str = ""
    parent_name: str = ""
    parent_street: str = ""
    parent_house_number: str = ""
    parent_postcode: str = ""
    parent_town: str = ""
    parent_email: str = ""
    parent_mobile: str = ""


@dataclass(frozen=True)
class ParseOptions:
    """What the file is checked against: the survey's law, the organisation's teams."""

    survey_law: str
    teams: Mapping[str, str]  # normalised slug or name -> team slug
    today: date


@dataclass
class ParsedPopulation:
    clients: list[ClientRecord]
    problems: list[Problem]
    rows_read: int

    @property
    def is_valid(self) -> bool:
        return not self.problems


class CellError(ValueError):
    """A cell value that cannot be used; the message is Dutch."""


POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})$")
HOUSE_NUMBER = re.compile(r"^(\d{1,5})\s*[-/ ]?\s*([A-Za-z0-9]{0,6})$")
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)
DATE_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
PROVISION_SPLIT = re.compile(r"[;,|]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LAWS = {
    "wmo": "wmo",
    "wmo2015": "wmo",
    "jeugd": "jeugd",
    "jeugdwet": "jeugd",
    "jeugdhulp": "jeugd",
    "jw": "jeugd",
}
GENDERS = {
    "m": "man",
    "man": "man",
    "mannelijk": "man",
    "jongen": "man",
    "v": "vrouw",
    "vrouw": "vrouw",
    "vrouwelijk": "vrouw",
    "meisje": "vrouw",
    "x": "anders",
    "anders": "anders",
    "o": "",
    "onbekend": "",
    "nvt": "",
}
# Provision names as suppliers write them -> the group names questionnaires route on.
PROVISION_SYNONYMS = {
    "hh": "huishoudelijke_hulp",
    "hbh": "huishoudelijke_hulp",
    "huishoudelijkeondersteuning": "huishoudelijke_hulp",
    "collectiefvervoer": "vervoer",
    "wmovervoer": "vervoer",
    "regiotaxi": "vervoer",
    "woonvoorziening": "woningaanpassing",
    "jeugdggz": "jeugd_ggz",
    "ggz": "jeugd_ggz",
}


def provision_slug(text: str) -> str:
    """'Huishoudelijke hulp' -> 'huishoudelijke_hulp' (the names routing conditions use)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")
    return PROVISION_SYNONYMS.get(slug.replace("_", ""), slug)


def parse_date(text: str, today: date) -> date:
    """A Dutch date (31-12-2015, also with / or .) or an ISO date (2015-12-31)."""
    if match := DATE_NL.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := DATE_ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise CellError("Geen geldige datum; schrijf bijvoorbeeld 31-12-2015.")
    try:
        value = date(year, month, day)
    except ValueError as error:
        raise CellError("Deze datum bestaat niet.") from error
    if not date(1900, 1, 1) <= value <= today:
        raise CellError("Deze datum ligt in de toekomst of vóór 1900.")
    return value


def parse_phone(text: str, *, mobile_only: bool) -> tuple[str, bool]:
    """A Dutch (or international) number as E.164, and whether it is a mobile number."""
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException as error:
        raise CellError("Geen geldig telefoonnummer.") from error
    if not phonenumbers.is_valid_number(number):
        raise CellError("Geen geldig telefoonnummer.")
    kind = phonenumbers.number_type(number)
    is_mobile = kind in {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
    if mobile_only and not is_mobile:
        raise CellError("Dit is geen mobiel nummer; een sms kan er niet heen.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), is_mobile


class CellChecker:
    """Turns one cell into a clean value or raises CellError; caches slow checks.

    Phone numbers and dates repeat a lot in a population and `phonenumbers` is the slowest
    step, so each distinct value is checked once.
    """

    def __init__(self, options: ParseOptions) -> None:
        self.options = options
        self._cache: dict[tuple[str, str], object] = {}

    def check(self, kind: str, text: str) -> object:
        key = (kind, text)
        try:
            result = self._cache[key]
        except KeyError:
            try:
                result = getattr(self, f"_{kind}")(text)
            except CellError as error:
                result = error
            self._cache[key] = result
        if isinstance(result, CellError):
            raise result
        return result

    def _ref(self, text: str) -> str:
        if len(text) > 64:
            raise CellError("Een cliëntnummer is hoogstens 64 tekens.")
        return text

    def _text(self, text: str) -> str:
        if len(text) > MAX_TEXT:
            raise CellError(f"Te lang: hoogstens {MAX_TEXT} tekens.")
        return text

    def _law(self, text: str) -> str:
        law = LAWS.get(normalise_header(text))
        if law is None:
            raise CellError("Onbekende wet; gebruik Wmo of Jeugd.")
        if law != self.options.survey_law:
            raise CellError("Deze cliënt valt onder een andere wet dan dit onderzoek.")
        return law

    def _provisions(self, text: str) -> tuple[str, ...]:
        groups = (provision_slug(part) for part in PROVISION_SPLIT.split(text))
        return tuple(dict.fromkeys(g for g in groups if g))

    def _date(self, text: str) -> date:
        return parse_date(text, self.options.today)

    def _year(self, text: str) -> int:
        if not text.isdigit() or not 1900 <= int(text) <= self.options.today.year:
            raise CellError("Geen geldig geboortejaar (bijvoorbeeld 1950).")
        return int(text)

    def _gender(self, text: str) -> str:
        gender = GENDERS.get(normalise_header(text))
        if gender is None:
            raise CellError("Onbekend geslacht; gebruik man, vrouw, anders of onbekend.")
        return gender

    def _team(self, text: str) -> str:
        slug = self.options.teams.get(normalise_header(text))
        if slug is None:
            raise CellError("Dit team bestaat niet in uw organisatie.")
        return slug

    def _postcode(self, text: str) -> str:
        match = POSTCODE.match(text)
        if match is None:
            raise CellError("Geen geldige postcode; schrijf bijvoorbeeld 1234 AB.")
        return f"{match.group(1)} {match.group(2).upper()}"

    def _house_number(self, text: str) -> str:
        match = HOUSE_NUMBER.match(text)
        if match is None or int(match.group(1)) == 0:
            raise CellError("Geen geldig huisnummer (bijvoorbeeld 12 of 12a).")
        number, addition = match.groups()
        return f"{int(number)}{'-' if addition.isdigit() else ''}{addition.upper()}"

    def _email(self, text: str) -> str:
        if len(text) > 254 or EMAIL.match(text) is None or ".." in text:
            raise CellError("Geen geldig e-mailadres.")
        local, domain = text.rsplit("@", 1)
        return f"{local}@{domain.lower()}"

    def _mobile(self, text: str) -> str:
        return parse_phone(text, mobile_only=True)[0]

    def _phone(self, text: str) -> tuple[str, bool]:
        return parse_phone(text, mobile_only=False)


def _is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and text != "-"


def parse_population(
    table: RawTable,
    mapping: Mapping[str, str],
    options: ParseOptions,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedPopulation:
    """Validate every row and merge duplicate clients; see the module docstring.

    A lone '-' counts as empty (many systems write it for 'unknown'); any other value that
    starts like a spreadsheet formula and is not a valid phone number or date is refused,
    so it can never run as a formula when someone opens an export of it later.
    """
    mapping_problems = check_mapping(mapping, table.headers)
    if mapping_problems:
        return ParsedPopulation([], [Problem(None, "", m) for m in mapping_problems], 0)
    columns = [
        (FIELD_BY_KEY[key], table.headers.index(header), header)
        for key, header in mapping.items()
        if header
    ]
    checker = CellChecker(options)
    clients: dict[str, ClientRecord] = {}
    problems: list[Problem] = []
    rows_read = 0
    total = len(table.rows)
    for done, (row_number, cells) in enumerate(table.rows, start=1):
        if progress is not None and done % 10_000 == 0:
            progress(done, total)
        if not any(cell.strip() for cell in cells):
            continue
        rows_read += 1
        record = _check_row(row_number, cells, columns, checker, options, problems)
        if record is not None:
            _merge(clients, record, mapping, problems)
    if progress is not None:
        progress(total, total)
    return ParsedPopulation(list(clients.values()), problems, rows_read)


def _check_row(
    row_number: int,
    cells: list[str],
    columns: Iterable[tuple[FieldSpec, int, str]],
    checker: CellChecker,
    options: ParseOptions,
    problems: list[Problem],
) -> ClientRecord | None:
    values: dict[str, object] = {}
    row_ok = True
    for spec, index, header in columns:
        text = cells[index].strip() if index < len(cells) else ""
        if text in {"", "-"}:
            if spec.required:
                problems.append(Problem(row_number, header, f"{spec.label} ontbreekt."))
                row_ok = False
            continue
        kind = spec.kind
        if spec.key == "birth_date" and len(text) == 4 and text.isdigit():
            # Some systems export only the year in the birth-date column.
            spec, kind = FIELD_BY_KEY["birth_year"], "year"
        try:
            value = checker.check(kind, text)
        except CellError as error:
            message = str(error)
            if _is_formula(text):
                message = (
                    "Deze waarde begint als een formule (bijvoorbeeld uit Excel) en wordt "
                    "daarom niet ingelezen. Haal de formule weg."
                )
            problems.append(Problem(row_number, header, message, text[:60]))
            row_ok = False
            continue
        if spec.kind not in {"phone", "date", "mobile"} and _is_formula(text):
            problems.append(
                Problem(
                    row_number,
                    header,
                    "Deze waarde begint als een formule (bijvoorbeeld uit Excel) en wordt "
                    "daarom niet ingelezen. Haal de formule weg.",
                    text[:60],
                )
            )
            row_ok = False
            continue
        values[spec.key] = value
    if not row_ok:
        return None
    phone = values.pop("phone", None)
    if isinstance(phone, tuple):
        values["phone"] = phone[0]
        if phone[1] and "mobile" not in values:
            values["mobile"] = phone[0]
    if "birth_date" in values and "birth_year" not in values:
        values["birth_year"] = values["birth_date"].year  # type: ignore[attr-defined]
    values.setdefault("law", options.survey_law)
    addition = values.pop("house_number_addition", "")
    if addition and "house_number" in values:
        values["house_number"] = f"{values['house_number']} {addition}"
    return ClientRecord(first_row=row_number, **values)  # type: ignore[arg-type]


def _merge(
    clients: dict[str, ClientRecord],
    record: ClientRecord,
    mapping: Mapping[str, str],
    problems: list[Problem],
) -> None:
    """Add a record; a client seen before gains its provisions, other data must agree."""
    earlier = clients.get(record.client_ref)
    if earlier is None:
        clients[record.client_ref] = record
        return
    compared = [name for name in mapping if name not in {"client_ref", "provision_groups"}]
    if "birth_date" in mapping:
        compared.append("birth_year")  # a year given in the birth-date column
    filled: dict[str, object] = {}
    for name in compared:
        if name == "house_number_addition" or (
            name == "birth_year" and earlier.birth_date and record.birth_date
        ):
            continue  # merged into house_number / covered by the birth date
        old, new = getattr(earlier, name), getattr(record, name)
        if old in {"", None}:
            filled[name] = new
        elif new not in {"", None} and old != new:
            column = mapping.get(name) or mapping.get("birth_date", name)
            problems.append(
                Problem(
                    record.first_row,
                    column,
                    f"Cliënt {record.client_ref} staat ook op rij {earlier.first_row}, "
                    "maar daar met een andere waarde in deze kolom.",
                    new.strftime("%d-%m-%Y") if isinstance(new, date) else str(new)[:60],
                )
            )
    groups = tuple(dict.fromkeys(earlier.provision_groups + record.provision_groups))
    clients[record.client_ref] = replace(earlier, provision_groups=groups, **filled)


def problems_csv(problems: Sequence[Problem]) -> str:
    """The problems as a CSV for Excel (';', header row), safe against formula injection."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["rij", "kolom", "probleem", "waarde"])
    for problem in problems:
        value = f"'{problem.value}" if problem.value.startswith(FORMULA_START) else problem.value
        writer.writerow([problem.row or "", problem.column, problem.message, value])
    return out.getvalue()
