"""Every limit on a population file, in one place, each with the Dutch message that names it.

The limits keep one import within bounded memory and time, whatever the file holds: a real
population of a large municipality (tens of thousands of clients, a few dozen columns) is far
below each of them. A file over a limit is refused as a whole with a message that says which
limit, where in the file, and what to do; nothing of it is written.
"""

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
# A CSV line longer than this cannot be MAX_COLUMNS sensible cells; reading stops before the
# csv module builds a list of millions of cells from it.
MAX_LINE_CHARS = 1_000_000
# Unpacked XML an XLSX may hold (the sheet, and the shared strings kept in memory): a small
# file can unpack to gigabytes (a "zip bomb").
MAX_SHEET_XML_BYTES = 2 * 1024 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 200 * 1024 * 1024
# After this many problems checking stops: the list is long enough to show the pattern.
MAX_PROBLEMS = 10_000


def number(value: int) -> str:
    """1000000 -> '1.000.000', as Dutch writes it."""
    return f"{value:,}".replace(",", ".")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",").replace(",0 MB", " MB")


def file_too_big(size: int) -> str:
    return (
        f"Het bestand is {megabytes(size)}; Ervaring leest bestanden tot "
        f"{megabytes(MAX_FILE_BYTES)}. Laat kolommen weg die niet nodig zijn, of splits het "
        "bestand."
    )


def too_many_rows(row: int) -> str:
    return (
        f"Het bestand heeft meer dan {number(MAX_ROWS)} rijen (rij {number(row)} is te veel); "
        "splits het bestand."
    )


def too_many_columns(row: int, columns: int) -> str:
    return (
        f"Rij {row} heeft {columns} kolommen; Ervaring leest er hoogstens {MAX_COLUMNS}. "
        "Laat kolommen weg die niet nodig zijn, of kijk het scheidingsteken na."
    )


def line_too_long(row: int) -> str:
    return (
        f"Rij {row} is langer dan {number(MAX_LINE_CHARS)} tekens; dit lijkt geen tabel. Kijk "
        "na of het bestand een CSV of Excel-bestand is."
    )


def cell_out_of_range(reference: str) -> str:
    return (
        f"In cel {reference} staat iets, maar die cel ligt buiten de eerste {MAX_COLUMNS} "
        "kolommen die Ervaring leest. Maak die cel leeg, of kopieer alleen de tabel naar een "
        "nieuw werkblad."
    )


def unpacked_too_big() -> str:
    return (
        "Het Excel-bestand is uitgepakt veel groter dan het lijkt, groter dan Ervaring leest. "
        "Sla het opnieuw op als .xlsx of als CSV, met alleen de tabel die nodig is."
    )


def too_many_problems() -> str:
    return (
        f"Er zijn meer dan {number(MAX_PROBLEMS)} problemen; Ervaring is daarna gestopt met "
        "controleren. Verbeter eerst deze, of kijk na of de kolommen goed gekoppeld zijn."
    )
