"""Every role check in one place, so that a rule is decided (and tested) once.

Views and commands ask these questions; they never compare roles themselves. Objects that
belong to an organisation are passed as anything with an `organisation_id`.
"""

from typing import Protocol

from ervaring.accounts.models import Role, Staff


class OrganisationOwned(Protocol):
    organisation_id: int | None


def is_staff_member(user: object) -> bool:
    """True for a signed-in member of an organisation (not an anonymous visitor or operator)."""
    return isinstance(user, Staff) and user.is_active and user.organisation_id is not None


def is_installation_admin(user: object) -> bool:
    """An operator of the installation: a superuser (no organisation) whose login used a
    second factor. Creates organisations and their first beheerder; sees no survey data."""
    return (
        isinstance(user, Staff)
        and user.is_active
        and user.is_superuser
        and user.organisation_id is None
        and bool(getattr(user, "is_verified", lambda: False)())
    )


def is_same_organisation(user: object, obj: OrganisationOwned) -> bool:
    return is_staff_member(user) and user.organisation_id == obj.organisation_id  # type: ignore[union-attr]


def can_manage_surveys(user: object) -> bool:
    """Create surveys, change questionnaires, start fieldwork: beheerder and onderzoeker."""
    return is_staff_member(user) and user.role in {Role.BEHEERDER, Role.ONDERZOEKER}  # type: ignore[union-attr]


def can_manage_survey(user: object, survey: OrganisationOwned) -> bool:
    return can_manage_surveys(user) and is_same_organisation(user, survey)


def can_view_survey(user: object, survey: OrganisationOwned) -> bool:
    """See a survey's set-up and all its results: the organisation's beheerder and onderzoeker.

    Team leaders and professionals see only their own team's results, through the team
    dashboard, never the survey as a whole.
    """
    return can_manage_survey(user, survey)


def can_view_team(user: object, team: OrganisationOwned) -> bool:
    """A team's figures: the organisation's researchers and admins, and that team's members."""
    if not is_same_organisation(user, team):
        return False
    if user.role in {Role.BEHEERDER, Role.ONDERZOEKER}:  # type: ignore[union-attr]
        return True
    return user.team_id == team.pk  # type: ignore[union-attr, attr-defined]


def can_invite_clients(user: object) -> bool:
    """Invite a client right after a conversation: professionals and team leaders."""
    return is_staff_member(user) and user.role in {Role.PROFESSIONAL, Role.TEAMLEIDER}  # type: ignore[union-attr]


def can_manage_staff(user: object) -> bool:
    return is_staff_member(user) and user.role == Role.BEHEERDER  # type: ignore[union-attr]


def can_manage_api_keys(user: object) -> bool:
    """Make and revoke the organisation's API keys: the beheerder, who also reads the audit
    log in which every call made with them is recorded."""
    return is_staff_member(user) and user.role == Role.BEHEERDER  # type: ignore[union-attr]


def can_read_audit_log(user: object) -> bool:
    """The organisation's audit log (its own events only): the beheerder."""
    return is_staff_member(user) and user.role == Role.BEHEERDER  # type: ignore[union-attr]


def can_enter_data(user: object, survey: OrganisationOwned) -> bool:
    """Type in a returned paper form or a phone interview under a code: the organisation's
    data-entry staff (invoerder) and researchers. Entering answers shows no results."""
    return (
        is_staff_member(user)
        and user.role in {Role.INVOERDER, Role.ONDERZOEKER}  # type: ignore[union-attr]
        and is_same_organisation(user, survey)
    )


def can_run_kiosk(user: object) -> bool:
    """Unlock a tablet for clients to answer on the spot: professionals and team leaders,
    for their own team (the same people who invite clients after a conversation)."""
    return can_invite_clients(user) and user.team_id is not None  # type: ignore[union-attr]


def can_acknowledge_team_alerts(
    user: object, survey: OrganisationOwned, team: OrganisationOwned
) -> bool:
    """Write the note on a team's alert: the survey's researchers and that team's teamleider
    (professionals see alerts but do not sign them off)."""
    if can_view_survey(user, survey):
        return True
    return can_view_team(user, team) and user.role == Role.TEAMLEIDER  # type: ignore[union-attr]
