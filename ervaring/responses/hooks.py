"""Steps that higher layers run when a response is completed.

Responses sit below analysis in the layers, and the project uses no model signals for
domain flow, so a layer above registers its step here once at start-up (the dashboard's
running totals: ``analysis.tallies``), and the one place that completes a response calls
:func:`completed` inside its locked transaction: the step commits with the completion or
not at all.
"""

from collections.abc import Callable

from ervaring.responses.models import Response

_after_completion: list[Callable[[Response], None]] = []


def register_after_completion(step: Callable[[Response], None]) -> None:
    """Run ``step`` for every completed response (registering twice runs it once)."""
    if step not in _after_completion:
        _after_completion.append(step)


def completed(response: Response) -> None:
    """Run the registered steps for a response that has just been completed."""
    for step in _after_completion:
        step(response)
