"""Verbs of a survey's codebook: seed it, change a code, import and export it.

Every change goes through `apply_codebook`, which checks the codebook as it would be after
the change (`codebook.check`) and writes it in one transaction, so the page, the import
command and the seed keep one set of rules and nothing is ever half written.
"""

from django.db import transaction

from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.analysis.codebook import CodebookError, CodeRow, check, standard_codebook
from ervaring.analysis.models import Code
from ervaring.questionnaires.models import Survey


def codebook_rows(survey: Survey) -> list[CodeRow]:
    """The survey's codebook as plain rows, parents before their children."""
    codes = list(Code.objects.filter(survey=survey).select_related("parent"))
    rows = [
        CodeRow(
            c.key,
            c.label,
            c.parent.key if c.parent else "",
            c.polarity,
            tuple(c.keyword_list),
            c.shortcut,
        )
        for c in codes
    ]
    return _tree_order(rows)


def _tree_order(rows: list[CodeRow]) -> list[CodeRow]:
    children: dict[str, list[CodeRow]] = {}
    for row in rows:
        children.setdefault(row.parent, []).append(row)
    ordered: list[CodeRow] = []

    def visit(parent: str) -> None:
        for row in children.get(parent, []):
            ordered.append(row)
            visit(row.key)

    visit("")
    return ordered


def ensure_codebook(survey: Survey) -> bool:
    """Give a survey without codes the standard codebook; True when it was seeded."""
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        if Code.objects.filter(survey=survey).exists():
            return False
        _write(survey, list(standard_codebook()))
    return True


@transaction.atomic
def apply_codebook(
    survey: Survey,
    rows: list[CodeRow],
    *,
    actor: Staff | None,
    action: str,
    remove: tuple[str, ...] = (),
) -> None:
    """Add or change the codes in `rows` (matched on key) and remove those in `remove`.

    Raises CodebookError (nothing written) when the resulting codebook breaks a rule.
    Removing a code removes it from the answers coded with it, and its children with it.
    """
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    current = {row.key: row for row in codebook_rows(survey)}
    for key in _with_descendants(list(current.values()), remove):
        current.pop(key, None)
    for row in rows:
        current[row.key] = row
    final = list(current.values())
    problems = check(final)
    if problems:
        raise CodebookError([message for _, message in problems])
    Code.objects.filter(survey=survey, key__in=remove).delete()
    _write(survey, final)
    log_event(
        action,
        organisation=survey.organisation,
        actor=actor,
        target=survey.slug,
        codes=sorted({row.key for row in rows} | set(remove)),
    )


def _with_descendants(rows: list[CodeRow], keys: tuple[str, ...]) -> set[str]:
    found = set(keys)
    grew = True
    while grew:
        more = {row.key for row in rows if row.parent in found} - found
        found |= more
        grew = bool(more)
    return found


def _write(survey: Survey, rows: list[CodeRow]) -> None:
    """Upsert rows by key; shortcuts are cleared first so that swapping two keys works."""
    Code.objects.filter(survey=survey).update(shortcut="")
    existing = {c.key: c for c in Code.objects.filter(survey=survey)}
    for position, row in enumerate(rows):
        code = existing.get(row.key) or Code(survey=survey, key=row.key)
        code.label, code.polarity = row.label, row.polarity
        code.keywords, code.shortcut = ", ".join(row.keywords), row.shortcut
        code.position, code.parent = position, None
        code.save()
        existing[row.key] = code
    for row in rows:
        if row.parent:
            Code.objects.filter(pk=existing[row.key].pk).update(parent=existing[row.parent])


def import_codebook(survey: Survey, rows: list[CodeRow], *, actor: Staff | None = None) -> int:
    """Add or change the file's codes (codes not in the file stay); returns how many."""
    apply_codebook(survey, rows, actor=actor, action="codebook.imported")
    return len(rows)
