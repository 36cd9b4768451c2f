"""Agreement between two coders: Cohen's kappa (Cohen 1960).

kappa = (p_o - p_e) / (1 - p_e), with p_o the share of items both coders put in the same
category and p_e the share expected by chance from each coder's own totals. For coding
open answers every code is a yes/no decision per answer, so a code's kappa comes from a
2x2 table; the overall kappa pools every (answer, code) decision into one 2x2 table.

Plain Python: no Django, no numpy.
"""

from collections.abc import Iterable, Sequence


def cohens_kappa(table: Sequence[Sequence[int]]) -> float | None:
    """Kappa of a square table (rows: coder 1's category, columns: coder 2's).

    None when it is undefined: no items, or chance agreement of 1 (both coders put every
    item in the same single category, so there is nothing to agree on beyond chance).
    """
    size = len(table)
    if any(len(row) != size for row in table):
        raise ValueError("The agreement table must be square.")
    total = sum(sum(row) for row in table)
    if total == 0:
        return None
    observed = sum(table[i][i] for i in range(size)) / total
    rows = [sum(row) / total for row in table]
    columns = [sum(table[i][j] for i in range(size)) / total for j in range(size)]
    expected = sum(r * c for r, c in zip(rows, columns, strict=True))
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def binary_table(decisions: Iterable[tuple[bool, bool]]) -> list[list[int]]:
    """The 2x2 table of yes/no decisions of two coders: [[yes-yes, yes-no], [no-yes, no-no]]."""
    table = [[0, 0], [0, 0]]
    for first, second in decisions:
        table[0 if first else 1][0 if second else 1] += 1
    return table


def add_tables(tables: Iterable[Sequence[Sequence[int]]]) -> list[list[int]]:
    """Cell by cell sum of 2x2 tables (the pooled table of several codes)."""
    pooled = [[0, 0], [0, 0]]
    for table in tables:
        for i in range(2):
            for j in range(2):
                pooled[i][j] += table[i][j]
    return pooled


def share_agreed(table: Sequence[Sequence[int]]) -> float | None:
    """The share of items on the diagonal (plain agreement, without the chance correction)."""
    total = sum(sum(row) for row in table)
    return sum(table[i][i] for i in range(len(table))) / total if total else None
