"""Answer codes shared by the questionnaire export and the statistics core.

The codes follow the national CEO data files (and SPSS habits): substantive answers are
small integers, and the two "no opinion" answers have the high codes 8 and 9 so that
they can never be mistaken for a point on the scale.
"""

from __future__ import annotations

from typing import Final

HELEMAAL_MEE_EENS: Final = 5
MEE_EENS: Final = 4
NEUTRAAL: Final = 3
NIET_MEE_EENS: Final = 2
HELEMAAL_NIET_MEE_EENS: Final = 1
WEET_NIET: Final = 8
NIET_VAN_TOEPASSING: Final = 9

#: Scale points in display order (positive first, as Dutch reports draw the bars).
AGREE_SCALE: Final = (5, 4, 3, 2, 1)
AGREE_POSITIVE: Final = (HELEMAAL_MEE_EENS, MEE_EENS)
AGREE_NEUTRAL: Final = (NEUTRAAL,)
AGREE_NEGATIVE: Final = (NIET_MEE_EENS, HELEMAAL_NIET_MEE_EENS)

#: Answers that are counted but never enter a percentage (domain.md section 5).
EXCLUDED_CODES: Final = (WEET_NIET, NIET_VAN_TOEPASSING)

#: Label of the row for all respondents together in every breakdown.
TOTAL_LABEL: Final = "totaal"
#: Label given to respondents whose breakdown characteristic is unknown, so that the
#: groups of a breakdown always add up to the total (complementary suppression relies on it).
UNKNOWN_GROUP_LABEL: Final = "onbekend"
