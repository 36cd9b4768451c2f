from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ervaring.accounts.navigation import staff_menu


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """After login: the first page of the staff member's menu (team roles have no survey list)."""
    items = staff_menu(request)["staff_menu"]
    return redirect(items[0][1] if items else "questionnaires:survey-list")
