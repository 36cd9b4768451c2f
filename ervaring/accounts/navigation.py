"""The staff menu: each role sees the pages it can use, decided by `permissions`."""

from django.http import HttpRequest
from django.urls import reverse

from ervaring.accounts import permissions
from ervaring.accounts.models import Role


def staff_menu(request: HttpRequest) -> dict[str, list[tuple[str, str]]]:
    """Context processor: `staff_menu` as (label, url) pairs for the signed-in staff member."""
    user = getattr(request, "user", None)
    if permissions.is_installation_admin(user):
        return {"staff_menu": [("Organisaties", reverse("accounts:installation"))]}
    if not permissions.is_staff_member(user):
        return {"staff_menu": []}
    items = []
    if permissions.can_manage_surveys(user):
        items.append(("Onderzoeken", reverse("questionnaires:survey-list")))
        items.append(("Kwartaalmonitor", reverse("reporting:monitor")))
    if user.team_id is not None:
        items.append(("Dashboards van mijn team", reverse("reporting:my-dashboards")))
    if permissions.can_invite_clients(user):
        items.append(("Cliënt uitnodigen", reverse("fieldwork:invite-choose")))
    if permissions.can_run_kiosk(user):
        items.append(("Tablet klaarzetten", reverse("kiosk:unlock")))
    if permissions.can_read_audit_log(user):
        items.append(("Logboek", reverse("accounts:audit-log")))
    if user.role in {Role.INVOERDER, Role.ONDERZOEKER}:
        items.append(("Invoer papier en telefoon", reverse("entry:start")))
    if permissions.can_manage_staff(user):
        items.append(("Medewerkers", reverse("accounts:staff-list")))
        items.append(("Teams", reverse("accounts:teams")))
        items.append(("Organisatie", reverse("accounts:organisation")))
    if permissions.can_manage_api_keys(user):
        items.append(("API-sleutels", reverse("api_keys:list")))
    items.append(("Mijn gegevens", reverse("accounts:profile")))
    return {"staff_menu": items}
