"""Benchmark: `ervaring analyse` end to end on a large respondent file, beside R `survey`.

Run: `.venv/bin/python bench/analyse.py [--sizes 100000,1000000] [--exact-max 1000000]`.

Per size it writes one synthetic file (respondent number, team as the stratum, 20 agree
statements coded 1-5 with "weet niet" (8) and blanks, `;`-separated, with a Q.yaml for the
codes and a population file) and runs, each as its own process, in the same run:

- **ours**: `ervaring analyse --format json`, the whole command: start-up, reading and
  checking the file, per statement and team n, % eens/neutraal/oneens, the logit interval
  with fpc, suppression, writing the JSON.
- **exact reader**: the same command with every file read row by row by the population
  import's reader (what `analyse` did for every file before the column reader); the
  baseline inside this project. Skipped above `--exact-max` respondents.
- **R**: `Rscript` reading the same CSV with `read.csv`, `svydesign(strata = ~team,
  fpc = ~N)` and per statement `svyby(~agree, ~team, subset(design, valid), svymean)`: the
  same design and estimates (R's Wald interval is cheaper than our logit interval, so this
  favours R). Its % eens per team is compared with ours. Skipped without `Rscript`.

Wall time, CPU time (user + system) and peak memory (maximum resident set) per process come
from the operating system (`wait4`). On a shared machine wall time follows the load (the
load average is printed before and after each size); the ratios of the same run are what to
compare. Our command runs once unmeasured before it is timed, so that Python's compiled
bytecode is in place, as on any machine after the command's first run (the bench lets
Python write it even where the environment says not to).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QUESTIONS = 20
TEAMS = 12
CODES = np.array(["1", "2", "3", "4", "5", "8", ""])
SHARES = [0.20, 0.35, 0.15, 0.12, 0.08, 0.05, 0.05]
Q_YAML = (
    "codes: {1: helemaal mee eens, 2: mee eens, 3: neutraal, 4: niet mee eens, "
    "5: helemaal niet mee eens, 8: weet niet}\n"
)
EXACT = """
import sys
import django
django.setup()
from django.core.management import call_command
from ervaring.analysis import columnar
columnar.MIN_BYTES = float("inf")  # every file the row-by-row way
call_command(*sys.argv[1:])
"""
R_SCRIPT = r"""
suppressWarnings(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], sep = ";", colClasses = c("character", "character",
              rep("numeric", as.integer(args[3]))))
pop <- read.csv(args[2])
d$N <- pop$population[match(d$team, pop$group)]
des <- svydesign(ids = ~1, strata = ~team, fpc = ~N, data = d)
out <- list()
timing <- system.time(for (q in paste0("v", seq_len(as.integer(args[3])))) {
  des2 <- update(des, agree = as.numeric(get(q) %in% c(1, 2)))
  valid <- subset(des2, !is.na(get(q)) & get(q) <= 5)
  r <- svyby(~agree, ~team, valid, svymean, vartype = "ci")
  out[[q]] <- setNames(100 * coef(r), rownames(r))
})
cat(paste0('{"seconds":', timing[["elapsed"]], ',"v1":{',
    paste0('"', names(out$v1), '":', sprintf("%.12f", out$v1), collapse = ","), '}}'), "\n")
"""


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    stdout: str


def write_files(n: int, work: Path, seed: int = 2026) -> tuple[Path, Path, Path]:
    """The respondent file, the population file and Q.yaml for `n` respondents."""
    rng = np.random.default_rng(seed)
    teams = np.array([f"team_{i:02d}" for i in range(TEAMS)])
    team = teams[rng.integers(0, TEAMS, n)]
    answers = CODES[rng.choice(len(CODES), size=(n, QUESTIONS), p=SHARES)]
    responses = work / "respondenten.csv"
    with responses.open("w", encoding="utf-8") as file:
        file.write(";".join(["respnr", "team", *question_names()]) + "\n")
        for start in range(0, n, 100_000):
            block = np.column_stack(
                [
                    np.arange(start + 1, min(start + 100_000, n) + 1).astype(str),
                    team[start : start + 100_000],
                    answers[start : start + 100_000],
                ]
            )
            file.write("\n".join(";".join(row) for row in block) + "\n")
    population = work / "populatie.csv"
    counts = {t: int((team == t).sum()) for t in teams}
    population.write_text(
        "group,population\n" + "".join(f"{t},{counts[t] * 3}\n" for t in teams),
        encoding="utf-8",
    )
    questions = work / "Q.yaml"
    questions.write_text(Q_YAML, encoding="utf-8")
    return responses, population, questions


def question_names() -> list[str]:
    return [f"v{i}" for i in range(1, QUESTIONS + 1)]


def measure(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command as its own process; its wall time, CPU time and peak memory."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors = process.stderr.read().decode() if process.stderr else ""
        if process.returncode:
            raise SystemExit(f"{command[0]} failed:\n{errors}")
        out.seek(0)
        return Run(
            wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read().decode()
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--exact-max", type=int, default=1_000_000)
    args = parser.parse_args()
    env = {**os.environ, "ERVARING_DEV": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installation keeps its compiled bytecode
    ervaring = str(Path(sys.executable).with_name("ervaring"))
    rscript = shutil.which("Rscript")
    print(f"{os.cpu_count()} CPUs; R: {rscript or 'not found'}; load {_load()}")
    header = (
        f"{'respondents':>12} {'ours wall/cpu s':>16} {'peak MB':>8} "
        f"{'exact wall/cpu s':>17} {'peak MB':>8} {'R wall/svyby s':>15} {'peak MB':>8} "
        f"{'exact/ours':>10} {'R/ours':>7} {'max |diff| % eens':>17}"
    )
    print(header)
    for n in (int(size) for size in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="ervaring-bench-") as tmp:
            work = Path(tmp)
            print(f"  {n:,} respondents: writing the file", file=sys.stderr, flush=True)
            responses, population, questions = write_files(n, work)
            options = [
                "--responses", str(responses), "--population", str(population),
                "--by", "team", "--questions", str(questions), "--out",
            ]  # fmt: skip
            print(f"  ours (load {_load()})", file=sys.stderr, flush=True)
            command = [ervaring, "analyse", *options, str(work / "ours.json")]
            measure(command, env)  # compiles what is not compiled yet; not timed
            ours = measure(command, env)
            exact = None
            if n <= args.exact_max:
                print("  exact reader", file=sys.stderr, flush=True)
                exact = measure(
                    [sys.executable, "-c", EXACT, "analyse", *options, str(work / "exact.json")],
                    {**env, "DJANGO_SETTINGS_MODULE": "ervaring.settings"},
                )
                same = json.loads((work / "exact.json").read_text()) == json.loads(
                    (work / "ours.json").read_text()
                )
                if not same:
                    raise SystemExit("the exact reader's results differ from ours")
            r = r_seconds = diff = None
            if rscript:
                print("  R survey", file=sys.stderr, flush=True)
                script = work / "svyby.R"
                script.write_text(R_SCRIPT)
                r = measure([rscript, str(script), str(responses), str(population), "20"])
                result = json.loads(r.stdout)
                r_seconds = result["seconds"]
                groups = json.loads((work / "ours.json").read_text())["questions"]["v1"]["groups"]
                diff = max(
                    abs(groups[team]["pct_agree"] - pct) for team, pct in result["v1"].items()
                )
        print(f"  done (load {_load()})", file=sys.stderr, flush=True)
        print(
            f"{n:>12,} {ours.wall:>7.2f}/{ours.cpu:<8.2f} {ours.peak_mb:>8.0f} "
            f"{_pair(exact):>17} {_peak(exact):>8} "
            f"{(f'{r.wall:.1f}/{r_seconds:.1f}' if r else '-'):>15} {_peak(r):>8} "
            f"{(f'{exact.wall / ours.wall:.0f}x' if exact else '-'):>10} "
            f"{(f'{r.wall / ours.wall:.0f}x' if r else '-'):>7} "
            f"{(f'{diff:.1e}' if diff is not None else '-'):>17}",
            flush=True,
        )


def _load() -> str:
    """The load averages over 1, 5 and 15 minutes, as `uptime` shows them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _pair(run: Run | None) -> str:
    return f"{run.wall:.2f}/{run.cpu:.2f}" if run else "-"


def _peak(run: Run | None) -> str:
    return f"{run.peak_mb:.0f}" if run else "-"


if __name__ == "__main__":
    main()
