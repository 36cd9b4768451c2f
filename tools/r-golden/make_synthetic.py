"""Write the synthetic CEO datasets the golden tests are built on (fixed seed).

Run from the repository root:  python tools/r-golden/make_synthetic.py
Then run make_golden.R (see its header). Only numpy is needed. The data are invented:
no real respondent is in them. They are shaped like a Wmo CEO: four provision groups
(one small stratum taken almost whole, one with few respondents), teams with a missing
label now and then, agree statements with "weet niet" (8), "n.v.t." (9) and blanks.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

SEED = 20260601
OUT = Path(__file__).resolve().parents[2] / "ervaring" / "stats" / "tests" / "golden"

STRATA = {  # stratum: (population N_h, respondents n_h)
    "begeleiding": (812, 260),
    "huishoudelijke hulp": (1450, 310),
    "hulpmiddelen": (60, 41),
    "vervoer": (95, 9),
}
TEAMS = ["Noord", "Oost", "West", "Zuid", "Centrum"]
TEAM_P = [0.32, 0.27, 0.2, 0.17, 0.04]
GENDERS = ["man", "vrouw"]
AGES = ["18-64", "65-79", "80+"]
DISTRICTS = ["Binnenstad", "Dorpen", "Noordrand"]


def agree_codes(rng: np.random.Generator, n: int, probs: list[float]) -> list[str]:
    """Codes 5..1, 8, 9 and blank ("") with the given probabilities."""
    choices = ["5", "4", "3", "2", "1", "8", "9", ""]
    return list(rng.choice(choices, size=n, p=probs))


def main() -> None:
    rng = np.random.default_rng(SEED)
    rows = []
    for stratum, (_, n_h) in STRATA.items():
        tilt = {"begeleiding": 0.0, "huishoudelijke hulp": 0.05, "hulpmiddelen": -0.08}.get(
            stratum, 0.02
        )
        base = np.array(
            [0.22 + tilt, 0.38, 0.14, 0.1 - tilt / 2, 0.06 - tilt / 2, 0.04, 0.04, 0.02]
        )
        base = base / base.sum()
        q1 = agree_codes(rng, n_h, list(base))
        q2 = agree_codes(rng, n_h, [0.1, 0.25, 0.2, 0.2, 0.15, 0.05, 0.03, 0.02])
        q3 = agree_codes(rng, n_h, [0.35, 0.4, 0.1, 0.05, 0.02, 0.03, 0.03, 0.02])
        yes_no = rng.choice(["1", "2", "8", ""], size=n_h, p=[0.22, 0.7, 0.05, 0.03])
        choice = rng.choice(
            ["1", "2", "3", "4", "9", ""], size=n_h, p=[0.3, 0.2, 0.25, 0.15, 0.06, 0.04]
        )
        team = rng.choice([*TEAMS, ""], size=n_h, p=[*(np.array(TEAM_P) * 0.97), 0.03])
        gender = rng.choice(GENDERS, size=n_h, p=[0.38, 0.62])
        age = rng.choice(AGES, size=n_h, p=[0.3, 0.4, 0.3])
        district = rng.choice(DISTRICTS, size=n_h, p=[0.5, 0.3, 0.2])
        weight = np.round(rng.gamma(4.0, 1.0, size=n_h) + 0.5, 6)
        answered = rng.random(n_h) > 0.08
        ticks = rng.random((n_h, 4)) < np.array([0.55, 0.3, 0.15, 0.4])
        for i in range(n_h):
            mc = ["1" if t else "0" for t in ticks[i]] if answered[i] else ["", "", "", ""]
            rows.append(
                [
                    stratum,
                    team[i],
                    q1[i],
                    q2[i],
                    q3[i],
                    yes_no[i],
                    choice[i],
                    *mc,
                    gender[i],
                    age[i],
                    district[i],
                    f"{weight[i]:.6f}",
                ]
            )
    header = [
        "stratum",
        "team",
        "q1",
        "q2",
        "q3",
        "q_ja",
        "q_keuze",
        "mc_a",
        "mc_b",
        "mc_c",
        "mc_d",
        "gender",
        "agegroup",
        "district",
        "w",
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "survey.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", *header])
        for i, row in enumerate(rows, start=1):
            writer.writerow([i, *row])
    with open(OUT / "strata.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["stratum", "N"])
        for stratum, (big_n, _) in STRATA.items():
            writer.writerow([stratum, big_n])
    total = sum(big_n for big_n, _ in STRATA.values())  # 2417
    margins = {
        "gender": dict(zip(GENDERS, [1002, total - 1002], strict=True)),
        "agegroup": dict(zip(AGES, [602, 1009, total - 1611], strict=True)),
        "district": dict(zip(DISTRICTS, [1100, 850, total - 1950], strict=True)),
    }
    with open(OUT / "margins.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["variable", "category", "N"])
        for variable, counts in margins.items():
            for category, count in counts.items():
                writer.writerow([variable, category, count])
    # Post-stratification cells gender x age group, consistent with the margins above.
    cells = {
        ("man", "18-64"): 301,
        ("man", "65-79"): 398,
        ("man", "80+"): 303,
        ("vrouw", "18-64"): 301,
        ("vrouw", "65-79"): 611,
    }
    cells[("vrouw", "80+")] = total - sum(cells.values())
    with open(OUT / "cells.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["gender", "agegroup", "N"])
        for (g, a), count in cells.items():
            writer.writerow([g, a, count])
    # A plain simple random sample: 150 answers from a population of 900.
    srs = agree_codes(rng, 150, [0.2, 0.35, 0.15, 0.12, 0.08, 0.05, 0.03, 0.02])
    with open(OUT / "srs.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "q1"])
        for i, code in enumerate(srs, start=1):
            writer.writerow([i, code])


if __name__ == "__main__":
    main()
