"""Rounding and decimals the way Dutch reports print them, shared by every output.

Python's ``round`` rounds half to even (12.5 -> 12) and ``format`` writes a decimal point;
a report, a dashboard and an alert e-mail must print 13 and "8,5" for the same figure, so
they all round and format here.
"""

import math


def round_half_up(value: float) -> int:
    """26.5 -> 27 and -2.5 -> -3: half away from zero, as reports print it.

    A NaN or infinity raises ValueError: a figure that does not exist must be handled by
    the caller (as "–" or a sentence), never printed as "nan"."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def decimal(value: float, places: int = 1) -> str:
    """A number with a decimal comma: 8.54 -> "8,5" (half away from zero, as above)."""
    scale = 10**places
    rounded = round_half_up(value * scale) / scale
    return f"{rounded:.{places}f}".replace(".", ",")


def p_value(p: float) -> str:
    """A p-value as a Dutch report writes it: "p = 0,205", or "p < 0,001" when smaller."""
    return "p < 0,001" if p < 0.001 else f"p = {decimal(p, 3)}"
