"""Fill a rendered survey page the way a respondent would, from its HTML alone."""

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.choices: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        self.texts: list[str] = []
        self.numbers: list[str] = []
        self.others: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "textarea":
            self.texts.append(name)
        if tag != "input" or name in {"csrfmiddlewaretoken", "lang", "next", "action", ""}:
            return
        if a.get("type") in {"radio", "checkbox"}:
            self.choices.setdefault(name, []).append(a.get("value") or "")
            self.kinds[name] = a["type"]
        elif name.endswith("__other"):
            self.others.append(name)
        elif a.get("inputmode") in {"numeric", "decimal"}:
            self.numbers.append(name)


def page_fields(html: str) -> _Form:
    form = _Form()
    form.feed(html)
    return form


def fill(html: str, pick: int = 1, action: str = "next") -> dict[str, object]:
    """Answer every question on the page: the `pick`-th option of each choice (clamped)."""
    form = page_fields(html)
    data: dict[str, object] = {"action": action}
    for name, values in form.choices.items():
        data[name] = values[min(pick, len(values) - 1)]
    for name in form.texts:
        data[name] = "Prima geholpen."
    for name in form.numbers:
        data[name] = "2"
    for name in form.others:
        data[name] = "iets anders"
    return data
