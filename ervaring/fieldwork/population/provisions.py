"""From the provision names in a file to the questionnaire's provision groups.

A questionnaire shows a block of questions to clients of one provision group ("show_if:
{attribute: provision_groups, contains: huishoudelijke_hulp}"). Case systems name the same
provision in many ways ("Hulp bij het huishouden", "Hbh", "HH cat. 1"), and a name that does not
become the questionnaire's group means its block is never shown, without anyone noticing. So a
name becomes a group only in one of these ways, in this order:

1. a staff member chose the group for this name (now, or earlier for the organisation);
2. the name is a group's own name or its block title ("Huishoudelijke hulp");
3. the name is a known synonym (`SYNONYMS`) of a group: the most specific group the
   questionnaire has a block for wins ("Dagbesteding" goes to "begeleiding" when the
   questionnaire has no block of its own for dagbesteding);
4. the name is one of the standard groups of the law that have no block, for strata only.

Any other name is unmatched: the import stops and asks, with a suggestion by similarity. A staff
member may choose `NO_BLOCK`: the name becomes a group of its own, explicitly without a block.
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ervaring.questionnaires.document import Questionnaire
from ervaring.questionnaires.routing import Compare, iter_compares

#: The choice "its own group, without a question block".
NO_BLOCK = "-"
#: How a name found its group (`NameMatch.how`), in Dutch for the page.
CHOSEN, SAVED, RECOGNISED = "gekozen", "eerder gekozen", "herkend"

#: Groups every survey of a law knows, with a readable name, whether or not its questionnaire
#: has a block for them: they are strata and breakdowns even without questions of their own.
STANDARD_GROUPS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "wmo": (
        ("huishoudelijke_hulp", "Hulp bij het huishouden"),
        ("begeleiding", "Begeleiding"),
        ("dagbesteding", "Dagbesteding (begeleiding groep)"),
        ("hulpmiddelen", "Hulpmiddelen"),
        ("woningaanpassing", "Woningaanpassing"),
        ("vervoer", "Vervoer"),
        ("persoonlijke_verzorging", "Persoonlijke verzorging"),
        ("kortdurend_verblijf", "Kortdurend verblijf"),
        ("beschermd_wonen", "Beschermd wonen"),
    ),
    "jeugd": (
        ("ambulante_jeugdhulp", "Ambulante jeugdhulp"),
        ("jeugd_ggz", "Jeugd-GGZ"),
        ("verblijf", "Jeugdhulp met verblijf"),
        ("pleegzorg", "Pleegzorg"),
        ("dagbehandeling", "Dagbehandeling"),
        ("jeugdbescherming", "Jeugdbescherming"),
    ),
}

# Names as municipal systems write them (as `name_key` makes them) -> groups, most specific
# first. Only names whose meaning is not in doubt; anything else is asked.
_HBH = ("huishoudelijke_hulp",)
_BEGELEIDING = ("begeleiding",)
_GROEP = ("dagbesteding", "begeleiding")
_VERVOER = ("vervoer",)
_HULPMIDDEL = ("hulpmiddelen",)
_WONING = ("woningaanpassing",)
SYNONYMS: Mapping[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ["huishoudelijkehulp", "hulpbijhethuishouden", "hulpinhethuishouden", "hbh", "hh",
         "huishoudelijkeondersteuning", "huishoudelijkeverzorging", "hulpbijhuishouden",
         "ondersteuninghuishouden", "schoonmaakondersteuning", "wmohuishoudelijkehulp"],
        _HBH,
    ),
    **dict.fromkeys(
        ["begeleiding", "begeleidingindividueel", "individuelebegeleiding",
         "ambulantebegeleiding", "begeleidingthuis", "ondersteuningthuis",
         "ondersteuningzelfstandigleven", "wmobegeleiding", "begeleidingwmo"],
        _BEGELEIDING,
    ),
    **dict.fromkeys(
        ["dagbesteding", "begeleidinggroep", "groepsbegeleiding", "begeleidinggroepsverband",
         "dagactiviteiten", "dagbestedingwmo", "dagopvang"],
        _GROEP,
    ),
    **dict.fromkeys(
        ["hulpmiddelen", "hulpmiddel", "scootmobiel", "scootmobielen", "rolstoel",
         "rolstoelen", "rolstoelvoorziening", "rolstoelvoorzieningen", "vervoermiddel",
         "wmohulpmiddelen", "sportrolstoel", "driewielfiets"],
        _HULPMIDDEL,
    ),
    **dict.fromkeys(
        ["woningaanpassing", "woningaanpassingen", "woonvoorziening", "woonvoorzieningen",
         "traplift", "aanpassingwoning", "woningaanpassingwmo"],
        _WONING,
    ),
    **dict.fromkeys(
        ["vervoer", "vervoersvoorziening", "vervoersvoorzieningen", "collectiefvervoer",
         "wmovervoer", "regiotaxi", "deeltaxi", "wmotaxi", "taxipas", "vervoerwmo",
         "collectiefvraagafhankelijkvervoer", "cvv"],
        _VERVOER,
    ),
    "persoonlijkeverzorging": ("persoonlijke_verzorging",),
    **dict.fromkeys(
        ["kortdurendverblijf", "logeeropvang", "respijtzorg"], ("kortdurend_verblijf",)
    ),
    **dict.fromkeys(["beschermdwonen", "bw"], ("beschermd_wonen",)),
    **dict.fromkeys(
        ["jeugdhulpambulant", "ambulantejeugdhulp", "ambulantehulp", "jeugdhulpambulantthuis",
         "jeugdhulpzonderverblijf", "ambulantejeugdzorg", "jeugdzorgambulant"],
        ("ambulante_jeugdhulp",),
    ),
    **dict.fromkeys(
        ["jeugdggz", "ggz", "jggz", "jeugdgeestelijkegezondheidszorg", "ggzjeugd",
         "specialistischejeugdggz", "basisjeugdggz", "basisggz", "specialistischeggz"],
        ("jeugd_ggz",),
    ),
    **dict.fromkeys(
        ["jeugdhulpverblijf", "jeugdhulpmetverblijf", "verblijf", "residentielejeugdhulp",
         "residentieel", "gezinshuis", "jeugdhulpverblijfinclbehandeling"],
        ("verblijf",),
    ),
    **dict.fromkeys(["pleegzorg", "netwerkpleegzorg"], ("pleegzorg", "verblijf")),
    **dict.fromkeys(
        ["dagbehandeling", "jeugdhulpdagbehandeling", "dagbehandelingjeugd"],
        ("dagbehandeling",),
    ),
    **dict.fromkeys(
        ["jeugdbescherming", "ots", "ondertoezichtstelling", "voogdij"], ("jeugdbescherming",)
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Group:
    """A provision group a name can go to; `has_block` when the questionnaire asks about it."""

    slug: str
    title: str
    has_block: bool


@dataclass(frozen=True)
class Catalogue:
    """The groups of one survey: the questionnaire's blocks first, then the law's standard."""

    groups: tuple[Group, ...]

    def find(self, slug: str) -> Group | None:
        return next((group for group in self.groups if group.slug == slug), None)


@dataclass(frozen=True)
class NameMatch:
    """What one provision name in the file becomes; `group` is '' while unmatched."""

    key: str
    label: str
    clients: int
    group: str = ""
    how: str = ""  # Dutch: how the group was found, for the page
    suggestion: str = ""  # for an unmatched name: the most similar group, if any
    default: str = ""  # the group without this import's choice ('' when there is none)

    @property
    def is_matched(self) -> bool:
        return bool(self.group)


def name_key(text: str) -> str:
    """'Hulp bij het Huishouden ' and 'hulp-bij-het-huishouden' -> 'hulpbijhethuishouden'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", plain)


def group_slug(text: str) -> str:
    """'Hulp bij het huishouden' -> 'hulp_bij_het_huishouden' (a group of its own)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:60]


def provision_blocks(questionnaire: Questionnaire) -> dict[str, str]:
    """Group slug -> title of the block (theme) that routes on it, in document order.

    A group named in a question's condition counts too, with its theme's title.
    """
    blocks: dict[str, str] = {}
    for theme in questionnaire.themes:
        conditions = [theme.show_if, *(question.show_if for question in theme.questions)]
        for condition in conditions:
            if condition is None:
                continue
            for compare, _ in iter_compares(condition):
                for value in _group_values(compare):
                    blocks.setdefault(value, theme.title.get("nl"))
    return blocks


def _group_values(compare: Compare) -> tuple[str, ...]:
    if compare.source != "attribute" or compare.name != "provision_groups":
        return ()
    values = compare.value if isinstance(compare.value, tuple) else (compare.value,)
    return tuple(str(value) for value in values)


def catalogue_for(questionnaire: Questionnaire | None, law: str) -> Catalogue:
    """The groups a survey's file may use: the questionnaire's blocks, then the standard."""
    blocks = provision_blocks(questionnaire) if questionnaire is not None else {}
    groups = [Group(slug, title, True) for slug, title in blocks.items()]
    groups += [
        Group(slug, title, False)
        for slug, title in STANDARD_GROUPS.get(law, ())
        if slug not in blocks
    ]
    return Catalogue(tuple(groups))


def own_group(label: str, catalogue: Catalogue) -> str:
    """The group a name becomes with `NO_BLOCK`: its own slug, never one with a block."""
    slug = group_slug(label) or "overig"
    found = catalogue.find(slug)
    return f"{slug}_eigen" if found is not None and found.has_block else slug


def automatic_group(key: str, catalogue: Catalogue) -> str:
    """The group a name key goes to without anyone choosing; '' when there is none."""
    by_name = {}
    for group in catalogue.groups:
        by_name.setdefault(name_key(group.slug), group)
        by_name.setdefault(name_key(group.title), group)
    exact = by_name.get(key)
    if exact is not None and exact.has_block:
        return exact.slug
    chain = [catalogue.find(slug) for slug in SYNONYMS.get(key, ())]
    known = [group for group in chain if group is not None]
    with_block = [group for group in known if group.has_block]
    if with_block:
        return with_block[0].slug
    if exact is not None:
        return exact.slug
    return known[0].slug if known else ""


def suggest_group(key: str, catalogue: Catalogue) -> str:
    """The group whose name or synonyms look most like this key; '' when none is close."""
    candidates: dict[str, str] = {}
    for group in catalogue.groups:
        candidates.setdefault(name_key(group.slug), group.slug)
        candidates.setdefault(name_key(group.title), group.slug)
    for synonym in SYNONYMS:
        if group := automatic_group(synonym, catalogue):
            candidates.setdefault(synonym, group)
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.6)
    if not close and len(key) >= 4:
        # 'Begeleiding individueel (maatwerk)': a known name inside a longer one.
        close = sorted((c for c in candidates if len(c) >= 4 and c in key), key=len)[-1:]
    return candidates[close[0]] if close else ""


def match_names(
    names: Iterable[tuple[str, str, int]],
    catalogue: Catalogue,
    chosen: Mapping[str, str] = {},
    saved: Mapping[str, str] = {},
) -> tuple[NameMatch, ...]:
    """Match every (key, label, clients) of a file; see the module docstring for the order.

    `chosen` (this import) and `saved` (the organisation's earlier choices) map a name key to a
    group slug or `NO_BLOCK`; a choice of a group the catalogue does not know is ignored, so an
    old choice can never send a name to a group this questionnaire lacks without asking.
    """
    matches = []
    for key, label, clients in names:
        default, how = _chosen_group(saved.get(key, ""), label, catalogue), SAVED
        if not default:
            default, how = automatic_group(key, catalogue), RECOGNISED
        group = _chosen_group(chosen.get(key, ""), label, catalogue)
        if group and group != default:
            matches.append(NameMatch(key, label, clients, group, CHOSEN, default=default))
        elif default:
            matches.append(NameMatch(key, label, clients, default, how, default=default))
        else:
            suggestion = suggest_group(key, catalogue)
            matches.append(NameMatch(key, label, clients, suggestion=suggestion))
    return tuple(matches)


def _chosen_group(choice: str, label: str, catalogue: Catalogue) -> str:
    if choice == NO_BLOCK:
        return own_group(label, catalogue)
    return choice if choice and catalogue.find(choice) is not None else ""
