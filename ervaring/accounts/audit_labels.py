"""How the audit log page names actions: a Dutch label and a group to filter on.

An action not listed here (a new one) still shows, under its code, in "Overig".
"""

LOGIN, VIEWED, CHANGED, FIELDWORK, STAFF, API, OTHER = (
    "inloggen",
    "bekeken",
    "gewijzigd",
    "veldwerk",
    "medewerkers",
    "api",
    "overig",
)
GROUPS = (
    (LOGIN, "Inloggen en beveiliging"),
    (VIEWED, "Bekeken of geëxporteerd"),
    (CHANGED, "Vragenlijst, brief of rapport gewijzigd"),
    (FIELDWORK, "Veldwerk"),
    (STAFF, "Medewerkers"),
    (API, "Koppelingen (API)"),
    (OTHER, "Overig"),
)
ACTIONS: dict[str, tuple[str, str]] = {
    "staff.logged_in": (LOGIN, "Ingelogd"),
    "staff.login_failed": (LOGIN, "Inloggen mislukt (wachtwoord fout)"),
    "staff.logged_out_everywhere": (LOGIN, "Overal uitgelogd"),
    "staff.password_changed": (LOGIN, "Wachtwoord gewijzigd"),
    "staff.password_reset": (LOGIN, "Nieuw wachtwoord via e-mail"),
    "staff.second_factor_set_up": (LOGIN, "Tweede factor ingesteld"),
    "staff.recovery_codes_renewed": (LOGIN, "Nieuwe herstelcodes gemaakt"),
    "staff.second_factor_removed": (LOGIN, "Tweede factor gewist door beheerder"),
    "staff.security_key_added": (LOGIN, "Beveiligingssleutel toegevoegd"),
    "staff.security_key_removed": (LOGIN, "Beveiligingssleutel verwijderd"),
    "staff.security_key_refused": (LOGIN, "Beveiligingssleutel geweigerd (mogelijk gekopieerd)"),
    "staff.email_changed": (STAFF, "E-mailadres gewijzigd"),
    "organisation.changed": (CHANGED, "Gegevens van de organisatie gewijzigd"),
    "organisation.created": (STAFF, "Organisatie aangemaakt"),
    "staff.invited": (STAFF, "Medewerker uitgenodigd"),
    "team.created": (STAFF, "Team toegevoegd"),
    "team.renamed": (STAFF, "Team hernoemd"),
    "staff.changed": (STAFF, "Rol, team of account van een medewerker gewijzigd"),
    "audit.exported": (VIEWED, "Logboek geëxporteerd"),
    "reporting.viewed.dashboard": (VIEWED, "Dashboard bekeken"),
    "reporting.viewed.team_dashboard": (VIEWED, "Teamdashboard bekeken"),
    "reporting.viewed.report": (VIEWED, "Rapport bekeken"),
    "reporting.export": (VIEWED, "Gegevens geëxporteerd"),
    "response.entry_opened": (VIEWED, "Vragenlijst geopend voor invoer"),
    "public_summary.enabled": (VIEWED, "Openbare samenvatting aangezet"),
    "public_summary.disabled": (VIEWED, "Openbare samenvatting uitgezet"),
    "survey.created": (CHANGED, "Onderzoek aangemaakt"),
    "questionnaire.version_saved": (CHANGED, "Vragenlijst gewijzigd"),
    "questionnaire.version_adopted": (CHANGED, "Vragenlijstversie in gebruik genomen"),
    "reporting.findings_edited": (CHANGED, "Bevindingen in het rapport gewijzigd"),
    "reporting.council_letter_edited": (CHANGED, "Raadsbrief gewijzigd"),
    "reporting.national_import": (CHANGED, "Landelijke cijfers ingelezen"),
    "fieldwork.wording_changed": (CHANGED, "Tekst van brief, e-mail of sms gewijzigd"),
    "trend.added": (CHANGED, "Cijfer van een eerder jaar ingevoerd"),
    "trend.removed": (CHANGED, "Cijfer van een eerder jaar verwijderd"),
    "trend.file_imported": (CHANGED, "Cijfers van een eerder jaar uit een databestand berekend"),
    "codebook.changed": (CHANGED, "Codeboek gewijzigd"),
    "codebook.imported": (CHANGED, "Codeboek ingelezen"),
    "codebook.exported": (VIEWED, "Codeboek geëxporteerd"),
    "complaints.saved": (CHANGED, "Klachtcijfers vastgelegd of ingelezen"),
    "complaints.removed": (CHANGED, "Klachtcijfers verwijderd"),
    "complaints.threshold": (CHANGED, "Drempel voor klachten per organisatie gewijzigd"),
    "coding.sample_drawn": (CHANGED, "Steekproef voor de tweede codeur getrokken"),
    "coding.disagreement_settled": (CHANGED, "Verschil tussen codeurs beslecht"),
    "open_text.span_hidden": (CHANGED, "Woorden in een open antwoord verborgen"),
    "open_text.quote_chosen": (CHANGED, "Citaat gekozen voor het rapport"),
    "open_text.quote_dropped": (CHANGED, "Citaat uit het rapport gehaald"),
    "open_text.rescrub": (CHANGED, "Open antwoorden opnieuw opgeschoond"),
    "open_text.raw_deleted": (FIELDWORK, "Oorspronkelijke tekst van open antwoorden gewist"),
    "coding.imported": (CHANGED, "Codering ingelezen (CSV)"),
    "interview.added": (CHANGED, "Interview toegevoegd"),
    "interview.transcript_uploaded": (CHANGED, "Uitgeschreven interview geüpload"),
    "interview.span_hidden": (CHANGED, "Woorden in een interviewfragment verborgen"),
    "interview.quote_chosen": (CHANGED, "Citaat uit een interview gekozen voor het rapport"),
    "interview.quote_dropped": (CHANGED, "Citaat uit een interview uit het rapport gehaald"),
    "interview.raw_deleted": (FIELDWORK, "Oorspronkelijke tekst van interviews gewist"),
    "letters_printed": (FIELDWORK, "Brieven gedrukt"),
    "survey.fieldwork_started": (FIELDWORK, "Veldwerk gestart"),
    "survey.fieldwork_closed": (FIELDWORK, "Veldwerk gesloten"),
    "survey.reported": (FIELDWORK, "Rapport verstuurd"),
    "fieldwork.purge_scheduled": (FIELDWORK, "Wissen van contactgegevens gepland"),
    "fieldwork.contact_data_deleted": (FIELDWORK, "Contactgegevens gewist"),
    "population_imported": (FIELDWORK, "Populatie ingelezen"),
    "column_mapping_saved": (FIELDWORK, "Kolommen van het populatiebestand gekozen"),
    "provision_choice_saved": (FIELDWORK, "Voorzieningen gekozen"),
    "sample_drawn": (FIELDWORK, "Steekproef getrokken"),
    "cohort_invited": (FIELDWORK, "Maandelijkse groep uitgenodigd"),
    "client_invited_by_professional": (FIELDWORK, "Cliënt uitgenodigd na gesprek"),
    "opt_outs_recorded": (FIELDWORK, "Afmeldingen vastgelegd"),
    "respondent_opted_out": (FIELDWORK, "Respondent afgemeld"),
    "kiosk.unlocked": (FIELDWORK, "Tablet klaargezet"),
    "kiosk.ended": (FIELDWORK, "Tablet afgesloten"),
    "response.entered": (FIELDWORK, "Papieren of telefonische vragenlijst ingevoerd"),
    "alert.acknowledged": (FIELDWORK, "Signaal afgehandeld"),
    "api.key_created": (API, "API-sleutel gemaakt"),
    "api.key_revoked": (API, "API-sleutel ingetrokken"),
    "api.called": (API, "Aanroep van de API"),
    "api.webhook_created": (API, "Webhook toegevoegd"),
    "api.webhook_removed": (API, "Webhook verwijderd"),
    "api.client_invited": (FIELDWORK, "Cliënt uitgenodigd via de API (zaaksysteem)"),
}
# Actions named with a variable part: reporting.download.pdf, .docx, ...
PREFIXES: dict[str, tuple[str, str]] = {
    "reporting.download.": (VIEWED, "Gedownload"),
}


def describe(action: str) -> tuple[str, str]:
    """(group, Dutch label) of an action code."""
    if action in ACTIONS:
        return ACTIONS[action]
    for prefix, (group, label) in PREFIXES.items():
        if action.startswith(prefix):
            return group, f"{label}: {action.removeprefix(prefix)}"
    return OTHER, action


def codes_in(group: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(exact codes, prefixes) that make up a group, for filtering in the database."""
    exact = tuple(code for code, (g, _label) in ACTIONS.items() if g == group)
    prefixes = tuple(p for p, (g, _label) in PREFIXES.items() if g == group)
    return exact, prefixes
