"""Benchmark: the full table book (30 agree statements x 5 breakdowns) on synthetic data.

Run: `.venv/bin/python bench/tablebook.py [--sizes 10000,100000,1000000]`.

Per size it builds one synthetic dataset (8 provision strata with populations, 30 agree
statements with "weet niet", "n.v.t." and blanks, breakdowns stratum, team, district,
age band and channel) and times, in the same run:

- **ours**: `ervaring.analysis.results.question_results`, i.e. what the dashboard and the
  report use: per statement overall and per group of every breakdown, n, % eens/neutraal/
  oneens, the stratified linearisation variance with fpc, the logit interval on design df,
  and (complementary) suppression; design built once, Categoricals as input.
- **naive**: plain pandas, `groupby(breakdown).apply(...)` per statement, computing the
  same stratified shares, variance and logit interval per group (primary suppression
  only). Its % eens and interval are checked against ours, so both compute the same thing.
- **R**: R `survey` 4.x `svyby(~agree+neutral+disagree, ~breakdown, subset(design, valid),
  svymean)` per statement and breakdown (the Wald interval from `svymean`'s se: cheaper
  than `svyciprop`'s logit interval, so this favours R). Only the `svyby` calls are timed,
  with `system.time`; reading the CSV is not. Skipped when `Rscript` is not on PATH. Above
  `--r-max-full` respondents R runs `--r-questions` statements and its time is scaled to 30
  (marked "~"), because the full book takes R tens of minutes there.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ervaring.analysis.results import (
    OVERALL,
    QuestionSpec,
    build_design,
    question_results,
)

QUESTIONS = [f"q{i:02d}" for i in range(1, 31)]
BREAKDOWNS = ["stratum", "team", "district", "age_band", "channel"]
STRATA = {  # stratum -> (share of respondents, sampling fraction)
    "huishoudelijke_hulp": (0.30, 0.25),
    "begeleiding": (0.20, 0.40),
    "hulpmiddelen": (0.15, 0.30),
    "woningaanpassing": (0.08, 0.60),
    "vervoer": (0.15, 0.25),
    "dagbesteding": (0.06, 0.50),
    "kortdurend_verblijf": (0.04, 0.80),
    "beschermd_wonen": (0.02, 1.00),
}
CODES = np.array([5, 4, 3, 2, 1, 8, 9, -1])
MIN_N = 10
CHANNELS = ["brief", "email", "sms", "tablet"]


def synthetic(n: int, seed: int = 2025) -> tuple[pd.DataFrame, dict[str, int]]:
    """Respondents with Categorical background columns and agree codes (NaN = blank)."""
    rng = np.random.default_rng(seed)
    names = list(STRATA)
    shares = np.array([s for s, _ in STRATA.values()])
    stratum = rng.choice(len(names), n, p=shares / shares.sum())
    n_h = np.bincount(stratum, minlength=len(names))
    population = {
        name: max(math.ceil(k / STRATA[name][1]), int(k))
        for name, k in zip(names, n_h, strict=True)
    }
    frame = pd.DataFrame(
        {
            "stratum": pd.Categorical.from_codes(stratum, names),
            "team": _labels(rng, n, [f"team {i}" for i in range(1, 13)]),
            "district": _labels(rng, n, [f"wijk {i}" for i in range(1, 11)], missing=0.02),
            "age_band": _labels(rng, n, ["tot 45", "45-64", "65-74", "75-84", "85+"]),
            # A rare channel gives small groups, so suppression has work to do.
            "channel": _labels(
                rng, n, ["brief", "email", "sms", "tablet"], p=[0.6, 0.3, 0.0999, 0.0001]
            ),
        }
    )
    base = np.array([0.25, 0.35, 0.15, 0.10, 0.05, 0.05, 0.03, 0.02])
    for i, question in enumerate(QUESTIONS):
        p = base.copy()
        p[:2] *= 1 + 0.02 * (i % 7)
        codes = CODES[rng.choice(len(CODES), n, p=p / p.sum())].astype(float)
        codes[codes < 0] = np.nan
        frame[question] = pd.Categorical(codes, categories=[5.0, 4.0, 3.0, 2.0, 1.0, 8.0, 9.0])
    return frame, population


def _labels(rng, n, labels, *, p=None, missing=0.0) -> pd.Categorical:
    p = None if p is None else np.array(p) / np.sum(p)
    codes = rng.choice(len(labels), n, p=p)
    if missing:
        codes[rng.random(n) < missing] = -1
    return pd.Categorical.from_codes(codes, labels)


def run_ours(frame: pd.DataFrame, population: dict[str, int]) -> tuple[float, pd.DataFrame]:
    start = time.perf_counter()
    design = build_design(frame, population)
    specs = [QuestionSpec(q, "agree") for q in QUESTIONS]
    rows = question_results(frame, specs, design, BREAKDOWNS, min_n=MIN_N, strata_groups="stratum")
    seconds = time.perf_counter() - start
    table = pd.DataFrame([r.__dict__ for r in rows if r.breakdown != OVERALL])
    return seconds, table.set_index(["question_id", "breakdown", "group"])


def naive_group(group: pd.DataFrame, question: str, context: dict) -> pd.Series:
    """Stratified % eens/neutraal/oneens with linearisation variance, for one group."""
    codes = group[question]
    valid = group[codes.isin([1, 2, 3, 4, 5])]
    w = valid["w"]
    total = w.sum()
    shares = {
        name: (w * valid[question].isin(c)).sum() / total
        for name, c in (("agree", [4, 5]), ("neutral", [3]), ("disagree", [1, 2]))
    }
    p = shares["agree"]
    z = w * (valid[question].isin([4, 5]) - p) / total
    per_stratum = z.groupby(valid["stratum"], observed=False).agg(["sum", lambda s: (s**2).sum()])
    per_stratum.columns = ["sum_z", "sum_z2"]
    n_h, fpc = context["n_h"], context["fpc"]
    centred = per_stratum["sum_z2"] - per_stratum["sum_z"] ** 2 / n_h
    variance = (fpc * n_h / (n_h - 1) * centred).sum()
    df = len(valid) - valid["stratum"].nunique()
    low = high = np.nan
    if 0 < p < 1 and df >= 1:
        half = stats.t.ppf(0.975, df) * math.sqrt(variance) / (p * (1 - p))
        logit = math.log(p / (1 - p))
        low, high = 100 / (1 + math.exp(-(logit - half))), 100 / (1 + math.exp(-(logit + half)))
    suppressed = len(valid) < MIN_N
    return pd.Series(
        {
            "n": len(valid),
            "pct_agree": np.nan if suppressed else 100 * p,
            "pct_neutral": np.nan if suppressed else 100 * shares["neutral"],
            "pct_disagree": np.nan if suppressed else 100 * shares["disagree"],
            "ci_low": np.nan if suppressed else low,
            "ci_high": np.nan if suppressed else high,
            "suppressed": suppressed,
        }
    )


def run_naive(frame: pd.DataFrame, population: dict[str, int]) -> tuple[float, pd.DataFrame]:
    start = time.perf_counter()
    n_h = frame.groupby("stratum", observed=False).size()
    big_n = pd.Series(population).reindex(n_h.index)
    context = {"n_h": n_h, "fpc": 1 - n_h / big_n}
    data = frame.assign(w=frame["stratum"].map(big_n / n_h).astype(float))
    parts = []
    for question in QUESTIONS:
        for breakdown in BREAKDOWNS:
            keys = data[breakdown].cat.add_categories("onbekend").fillna("onbekend")
            result = data.groupby(keys, observed=True).apply(
                naive_group, question, context, include_groups=False
            )
            parts.append(result.assign(question_id=question, breakdown=breakdown))
    seconds = time.perf_counter() - start
    table = pd.concat(parts).rename_axis("group").reset_index()
    return seconds, table.set_index(["question_id", "breakdown", "group"])


R_SCRIPT = r"""
suppressWarnings(library(survey))
options(survey.lonely.psu = "remove")
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = TRUE)
questions <- strsplit(args[2], ",")[[1]]
breakdowns <- strsplit(args[3], ",")[[1]]
for (b in breakdowns) d[[b]] <- addNA(d[[b]], ifany = TRUE)
des <- svydesign(ids = ~1, strata = ~stratum, fpc = ~N, data = d)
timing <- system.time(for (q in questions) {
  des2 <- update(des, agree = as.numeric(get(q) %in% c(4, 5)),
                 neutral = as.numeric(get(q) == 3), disagree = as.numeric(get(q) %in% c(1, 2)))
  valid <- subset(des2, !is.na(get(q)) & get(q) <= 5)
  for (b in breakdowns) {
    r <- svyby(~agree + neutral + disagree, as.formula(paste0("~", b)), valid, svymean,
               vartype = "ci", na.rm = TRUE)
  }
})
cat(timing[["elapsed"]], "\n")
"""


def run_r(frame: pd.DataFrame, population: dict[str, int], questions: list[str]) -> float | None:
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="ervaring-bench-") as work:
        data = frame[["stratum", *BREAKDOWNS[1:], *questions]].copy()
        data["N"] = data["stratum"].map(population).astype(int)
        for question in questions:
            data[question] = data[question].astype(float)
        path = Path(work) / "data.csv"
        data.to_csv(path, index=False)
        script = Path(work) / "svyby.R"
        script.write_text(R_SCRIPT)
        done = subprocess.run(
            ["Rscript", str(script), str(path), ",".join(questions), ",".join(BREAKDOWNS)],
            capture_output=True,
            text=True,
            check=True,
        )
    return float(done.stdout.split()[-1])


def check_same(ours: pd.DataFrame, naive: pd.DataFrame) -> float:
    """Largest difference (points) between the two in % eens and interval, published cells."""
    both = ours.join(naive.add_suffix("_naive"), how="inner")
    published = both[~both["suppressed"].astype(bool)]
    worst = 0.0
    for column in ("pct_agree", "ci_low", "ci_high"):
        diff = (published[column].astype(float) - published[f"{column}_naive"]).abs().max()
        worst = max(worst, float(diff))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument("--no-r", action="store_true")
    parser.add_argument("--r-max-full", type=int, default=100_000)
    parser.add_argument("--r-questions", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"table book: {len(QUESTIONS)} statements x {len(BREAKDOWNS)} breakdowns; "
        f"{os.cpu_count()} CPUs; R: {shutil.which('Rscript') or 'not found'}"
    )
    header = (
        f"{'respondents':>12} {'ours s':>8} {'naive s':>9} {'R svyby s':>11} "
        f"{'naive/ours':>11} {'R/ours':>8} {'max diff':>9}"
    )
    lines = [header]
    for n in sizes:
        frame, population = synthetic(n)
        run_ours(frame.head(1000), population)  # warm up imports and caches
        ours_s, ours = run_ours(frame, population)
        naive_s = diff = None
        if not args.no_naive:
            naive_s, naive = run_naive(frame, population)
            diff = check_same(ours, naive)
        r_s, r_mark = None, ""
        if not args.no_r:
            questions = QUESTIONS if n <= args.r_max_full else QUESTIONS[: args.r_questions]
            r_s = run_r(frame, population, questions)
            if r_s is not None and len(questions) < len(QUESTIONS):
                r_s, r_mark = r_s * len(QUESTIONS) / len(questions), "~"
        lines.append(
            f"{n:>12,} {ours_s:>8.2f} {_fmt(naive_s, 9)} {r_mark + _fmt(r_s, 11 - len(r_mark))} "
            f"{_ratio(naive_s, ours_s, 11)} {_ratio(r_s, ours_s, 8)} {_fmt(diff, 9, '.1e')}"
        )
        print(lines[-1] if len(lines) > 2 else "\n".join(lines), flush=True)


def _fmt(value: float | None, width: int, spec: str = ".2f") -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}{spec}}"


def _ratio(value: float | None, base: float, width: int) -> str:
    return f"{'-':>{width}}" if value is None else f"{value / base:>{width - 1}.1f}x"


if __name__ == "__main__":
    main()
