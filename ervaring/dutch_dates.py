"""Dates written the Dutch way ("3 december 2026"), for letters, messages and the report.

A module of its own, without dependencies, so that the outbox and the report can write a
date without importing the letter renderer (ReportLab, Pillow) or each other.
"""

from datetime import date

MONTHS = (
    *("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"),
    *("september", "oktober", "november", "december"),
)


def dutch_date(day: date) -> str:
    """``3 december 2026``: day without leading zero, month in words, year."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def dutch_month(year: int, month: int) -> str:
    """``december 2026``, for a monthly cohort or period."""
    return f"{MONTHS[month - 1]} {year}"
