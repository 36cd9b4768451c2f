"""Verbs of the accounts domain: organisations, teams, staff and the audit log."""

from ervaring.accounts.models import AuditEvent, Organisation, Role, Staff, Team


def get_organisation(slug: str) -> Organisation:
    """Return the organisation with this slug or raise Organisation.DoesNotExist."""
    return Organisation.objects.get(slug=slug)


def log_event(
    action: str,
    *,
    organisation: Organisation | None,
    actor: Staff | None = None,
    actor_label: str = "",
    target: str = "",
    **details: object,
) -> AuditEvent:
    """Record one staff action; call it in the same transaction as the action itself."""
    return AuditEvent.objects.create(
        action=action,
        organisation=organisation,
        actor=actor if isinstance(actor, Staff) else None,
        actor_label=actor_label or (actor.get_username() if isinstance(actor, Staff) else ""),
        target=target,
        details=details,
    )


def create_staff(
    organisation: Organisation,
    username: str,
    password: str,
    role: Role,
    team: Team | None = None,
    **fields: str,
) -> Staff:
    """Create a staff member; team roles must name a team of the same organisation."""
    if team is not None and team.organisation_id != organisation.pk:
        raise ValueError("The team belongs to another organisation.")
    return Staff.objects.create_user(
        username=username,
        password=password,
        organisation=organisation,
        role=role,
        team=team,
        **fields,
    )
