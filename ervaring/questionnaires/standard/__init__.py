"""Standard questionnaire templates shipped with Ervaring (Wmo and Jeugdwet).

A project leader starts a survey from one of these and adds local questions. The YAML files are
package data, read with ``importlib.resources`` so they work from an installed wheel too. No Django.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from ervaring.questionnaires.document import Questionnaire, Text, load_document

__all__ = ["TEMPLATES", "load_template", "template_source"]

#: Template key -> title, in the order offered to project leaders.
TEMPLATES: dict[str, Text] = {
    "wmo": Text({"nl": "Wmo: hulp en ondersteuning", "en": "Wmo: social support"}),
    "jeugd": Text(
        {"nl": "Jeugdwet: ouders en jongeren", "en": "Youth Act: parents and young people"}
    ),
}


def template_source(key: str) -> str:
    """The YAML text of a template (``KeyError`` for an unknown key)."""
    if key not in TEMPLATES:
        raise KeyError(key)
    return files(__package__).joinpath(f"{key}.yaml").read_text(encoding="utf-8")


@cache
def load_template(key: str) -> Questionnaire:
    """The validated template (cached: documents are immutable)."""
    return load_document(template_source(key))
