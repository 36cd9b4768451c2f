"""The fixed texts of the respondent pages, in Dutch (B1) and English.

Questionnaire texts come from the questionnaire document; these are the words around them.
"""

NL = {
    "site_title": "Vragenlijst over uw ervaring",
    "skip": "Ga direct naar de inhoud",
    "switch_to": "English",
    "switch_lang": "en",
    "start_heading": "Vul uw code in",
    "start_intro": (
        "U heeft een brief, e-mail of sms gekregen met een persoonlijke code. Met die code "
        "opent u de vragenlijst. Uw antwoorden worden niet gekoppeld aan uw naam."
    ),
    "code_label": "Uw code",
    "code_hint": "De code heeft 12 tekens, bijvoorbeeld K7QM-4TXP-9HWD.",
    "start_button": "Begin",
    "resume_note": "Bent u al begonnen? Vul dezelfde code in. U gaat verder waar u was.",
    "error_title": "Er is een probleem",
    "error_prefix": "Fout",
    "expired_title": "Uw sessie is verlopen",
    "expired_text": (
        "U heeft {duration} niets gedaan op deze website. Daarom hebben we de "
        "vragenlijst gesloten. Zo kan iemand anders uw antwoorden niet zien. Vul de code uit "
        "uw brief, e-mail of sms opnieuw in. De antwoorden die u al gaf, zijn bewaard. U gaat "
        "verder op de pagina waar u was. Wat u daar nog niet had verstuurd, vult u opnieuw in."
    ),
    "errors_title": "Er is een probleem",
    "step": "Stap {step} van {count}",
    "next": "Volgende",
    "send": "Versturen",
    "back": "Vorige",
    "stop": "Stoppen en later verder",
    "begin": "Begin met de vragen",
    "welcome_saved": (
        "Uw antwoorden worden bewaard zodra u op Volgende drukt. U kunt stoppen en later "
        "verder gaan met dezelfde code."
    ),
    "welcome_pages": "De vragenlijst heeft {count} korte delen.",
    "optional": "U mag een vraag overslaan.",
    "other_label": "Uw antwoord op ‘{question}’",
    "choose_one": "Kies één antwoord.",
    "choose_more": "U mag meer antwoorden kiezen.",
    "review_heading": "Kijk uw antwoorden na",
    "review_intro": (
        "Hieronder staan uw antwoorden. Klopt er iets niet? Kies dan Wijzig bij dat deel."
    ),
    "review_empty_heading": "Bij deze delen heeft u nog niets ingevuld",
    "review_empty_note": "Dat mag. Wilt u ze toch invullen? Kies dan de naam van het deel.",
    "review_none": "U heeft nog geen enkele vraag beantwoord.",
    "review_confirm_empty": "Ja, ik wil de vragenlijst versturen zonder antwoorden.",
    "review_confirm_error": (
        "Zet een vinkje als u wilt versturen zonder antwoorden. Of vul eerst de vragen in."
    ),
    "review_final": "Na het versturen kunt u niets meer veranderen.",
    "not_answered": "Niet ingevuld",
    "change": "Wijzig",
    "change_hidden": "uw antwoorden bij",
    "to_review": "Terug naar het overzicht",
    "paused_heading": "Uw antwoorden zijn bewaard",
    "paused_text": (
        "U kunt later verder gaan. Ga dan weer naar deze website en vul dezelfde code in. "
        "U komt dan terug op de plek waar u was."
    ),
    "thanks_heading": "Hartelijk dank!",
    "thanks_text": "Uw antwoorden zijn verstuurd. U kunt dit venster nu sluiten.",
    "home": "Naar het begin",
    "privacy": (
        "Uw antwoorden worden apart van uw naam en adres bewaard. In het rapport ziet "
        "niemand wat u persoonlijk heeft geantwoord."
    ),
    "staff_login": "Inloggen voor medewerkers",
    "privacy_link": "Privacy",
    "accessibility_link": "Toegankelijkheid",
    "required": "(verplicht)",
    "kiosk_heading": "Geef uw mening",
    "kiosk_intro": (
        "Wat vindt u van de hulp die u kreeg? Het invullen duurt ongeveer 10 minuten. Uw "
        "antwoorden worden niet aan uw naam gekoppeld."
    ),
    "kiosk_button": "Geef uw mening",
    "kiosk_idle": (
        "Doet u {duration} niets? Dan begint de tablet opnieuw voor de volgende persoon. "
        "Eerst vraagt de tablet of u er nog bent. Wat u al verstuurde, is bewaard."
    ),
    "kiosk_still_there": "Bent u er nog?",
    "kiosk_countdown_before": "Doet u niets? Dan begint de tablet opnieuw over",
    "kiosk_countdown_after": "seconden.",
    "kiosk_countdown_announce": "Nog {seconds} seconden. Druk op Ja, ik ga verder.",
    "kiosk_countdown_lost": "Wat u op deze pagina nog niet verstuurde, is dan weg.",
    "kiosk_continue": "Ja, ik ga verder",
    "kiosk_back_to_questions": "Terug naar de vragen",
    "kiosk_stop": "Stoppen",
    "kiosk_thanks_next": "Klaar",
    "kiosk_thanks_text": "Uw antwoorden zijn verstuurd. Geef de tablet terug aan de medewerker.",
    "kiosk_lock": "Tablet vergrendelen (voor medewerkers)",
    # Issue 14 (items 3, 6, 9, read aloud): added as one block, kept at the end.
    "welcome_back": "Welkom terug. U gaat verder waar u was gebleven.",
    "read_aloud": "Lees voor",
    "read_aloud_stop": "Stop met voorlezen",
    "kiosk_contact": "Heeft u vragen? Vraag het aan de medewerker die u de tablet gaf.",
}

EN = {
    "site_title": "Questionnaire about your experience",
    "skip": "Skip to content",
    "switch_to": "Nederlands",
    "switch_lang": "nl",
    "start_heading": "Enter your code",
    "start_intro": (
        "You received a letter, e-mail or text message with a personal code. The code opens "
        "the questionnaire. Your answers are not linked to your name."
    ),
    "code_label": "Your code",
    "code_hint": "The code has 12 characters, for example K7QM-4TXP-9HWD.",
    "start_button": "Start",
    "resume_note": "Already started? Enter the same code to continue where you left off.",
    "error_title": "There is a problem",
    "error_prefix": "Error",
    "expired_title": "Your session has expired",
    "expired_text": (
        "You did nothing on this website for {duration}, so we closed the "
        "questionnaire. This way nobody else can see your answers. Enter the code from your "
        "letter, e-mail or text message again. The answers you already gave are saved. You "
        "continue on the page where you were. Anything on that page you had not sent yet, "
        "you fill in again."
    ),
    "errors_title": "There is a problem",
    "step": "Step {step} of {count}",
    "next": "Next",
    "send": "Send",
    "back": "Previous",
    "stop": "Stop and continue later",
    "begin": "Start the questions",
    "welcome_saved": (
        "Your answers are saved each time you press Next. You can stop and continue later "
        "with the same code."
    ),
    "welcome_pages": "The questionnaire has {count} short parts.",
    "optional": "You may skip a question.",
    "other_label": "Your answer to ‘{question}’",
    "choose_one": "Choose one answer.",
    "choose_more": "You may choose more than one answer.",
    "review_heading": "Check your answers",
    "review_intro": "These are your answers. Is something wrong? Choose Change next to that part.",
    "review_empty_heading": "You have not filled in anything in these parts yet",
    "review_empty_note": "That is allowed. Want to fill them in? Choose the name of the part.",
    "review_none": "You have not answered any question yet.",
    "review_confirm_empty": "Yes, I want to send the questionnaire without answers.",
    "review_confirm_error": (
        "Tick the box if you want to send without answers. Or answer the questions first."
    ),
    "review_final": "After sending, you cannot change anything.",
    "not_answered": "Not answered",
    "change": "Change",
    "change_hidden": "your answers for",
    "to_review": "Back to the overview",
    "paused_heading": "Your answers have been saved",
    "paused_text": (
        "You can continue later. Come back to this website and enter the same code. You "
        "will return to where you were."
    ),
    "thanks_heading": "Thank you!",
    "thanks_text": "Your answers have been sent. You can close this window now.",
    "home": "Back to the start",
    "privacy": (
        "Your answers are stored apart from your name and address. Nobody can see your "
        "personal answers in the report."
    ),
    "staff_login": "Staff login",
    "privacy_link": "Privacy",
    "accessibility_link": "Accessibility",
    "required": "(required)",
    "kiosk_heading": "Give your opinion",
    "kiosk_intro": (
        "What do you think of the help you received? It takes about 10 minutes. Your answers "
        "are not linked to your name."
    ),
    "kiosk_button": "Give your opinion",
    "kiosk_idle": (
        "If you do nothing for {duration}, the tablet starts again for the next person. "
        "First it asks whether you are still there. What you already sent is saved."
    ),
    "kiosk_still_there": "Are you still there?",
    "kiosk_countdown_before": "If you do nothing, the tablet starts again in",
    "kiosk_countdown_after": "seconds.",
    "kiosk_countdown_announce": "{seconds} seconds left. Press Yes, I want to go on.",
    "kiosk_countdown_lost": "Anything on this page you have not sent yet will then be gone.",
    "kiosk_continue": "Yes, I want to go on",
    "kiosk_back_to_questions": "Back to the questions",
    "kiosk_stop": "Stop",
    "kiosk_thanks_next": "Done",
    "kiosk_thanks_text": "Your answers have been sent. Please give the tablet back.",
    "kiosk_lock": "Lock the tablet (staff)",
    # Issue 14 (items 3, 6, 9, read aloud): added as one block, kept at the end.
    "welcome_back": "Welcome back. You continue where you left off.",
    "read_aloud": "Read aloud",
    "read_aloud_stop": "Stop reading",
    "kiosk_contact": "Any questions? Ask the staff member who gave you the tablet.",
}


def ui_text(language: str) -> dict[str, str]:
    return EN if language == "en" else NL


_UNITS = {
    "nl": {"minute": ("minuut", "minuten"), "second": ("seconde", "seconden")},
    "en": {"minute": ("minute", "minutes"), "second": ("second", "seconds")},
}


def duration(seconds: int, language: str) -> str:
    """A time limit in words: in minutes when it is whole minutes ("30 minuten"), so that the
    texts stay true when an installation changes the limits."""
    units = _UNITS["en" if language == "en" else "nl"]
    minutes, rest = divmod(seconds, 60)
    count, kind = (minutes, "minute") if minutes and not rest else (seconds, "second")
    one, many = units[kind]
    return f"{count} {one if count == 1 else many}"
