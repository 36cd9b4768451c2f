from ervaring.fieldwork.attributes import client_attributes
from ervaring.fieldwork.models import Channel
from ervaring.fieldwork.services import IssuedInvitation, create_invitation
from ervaring.questionnaires.models import Survey


def invite(
    survey: Survey,
    *,
    provision_groups: tuple[str, ...] = ("huishoudelijke_hulp",),
    age: int | None = 70,
    team: str = "noord",
    district: str = "Noord",
    channel: Channel = Channel.LETTER,
) -> IssuedInvitation:
    """An invitation with its code in the clear, as the letter run would have it."""
    attributes = client_attributes(
        law=survey.law,
        provision_groups=provision_groups,
        age=age,
        team=team,
        district=district,
        youth_self_from_age=survey.youth_self_from_age,
    )
    return create_invitation(survey, attributes, channel)
