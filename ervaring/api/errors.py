"""The API's one error shape: `{"error": {"code", "message_nl", "message_en", "field"}}`.

Case systems are built by suppliers who may not read Dutch, and the people who see the error
in the municipality do; so every error carries both, and names the request field that is
wrong (or null when the request as a whole is refused).
"""

from django.http import JsonResponse


def answer(
    body: dict[str, object], status: int = 200, headers: dict[str, str] | None = None
) -> JsonResponse:
    """A JSON answer with Dutch letters as letters (ë, not \\u00eb): people read them too."""
    return JsonResponse(
        body, status=status, headers=headers, json_dumps_params={"ensure_ascii": False}
    )


class ApiError(Exception):
    """Answer the call with this error; raised anywhere below a view."""

    def __init__(
        self,
        status: int,
        code: str,
        message_nl: str,
        message_en: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message_en)
        self.status = status
        self.code = code
        self.message_nl = message_nl
        self.message_en = message_en
        self.field = field
        self.headers = headers or {}
        # More of the answer beside "error" (the problems of a population file).
        self.extra: dict[str, object] = {}

    def response(self) -> JsonResponse:
        body = {
            "error": {
                "code": self.code,
                "message_nl": self.message_nl,
                "message_en": self.message_en,
                "field": self.field,
            }
        }
        return answer({**body, **self.extra}, self.status, self.headers)


def not_found(what_nl: str = "Niet gevonden.", what_en: str = "Not found.") -> ApiError:
    """Another organisation's survey is indistinguishable from one that does not exist."""
    return ApiError(404, "not_found", what_nl, what_en)


def invalid(field: str, message_nl: str, message_en: str) -> ApiError:
    return ApiError(422, "invalid", message_nl, message_en, field=field)
