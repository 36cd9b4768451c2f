"""`ervaring analyse` and `ervaring scrub` run as the README shows them: on files, without
any setting."""

import json
import os
import subprocess
import sys

SETTINGS = ("SECRET_KEY", "ERVARING_DEV", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")


def run(*args: str, cwd) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    return subprocess.run(
        [sys.executable, "-m", "ervaring.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    )


def test_analyse_needs_no_secret_key_database_or_development_mode(tmp_path):
    (tmp_path / "R.csv").write_text(
        "team;v1\n" + "noord;mee eens\n" * 12 + "noord;niet mee eens\n" * 4, encoding="utf-8"
    )
    (tmp_path / "P.csv").write_text("group,population\nnoord,100\n", encoding="utf-8")
    done = run(
        "analyse", "--responses", "R.csv", "--population", "P.csv", "--by", "team",
        "--out", "out.json", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    cells = json.loads((tmp_path / "out.json").read_text())["questions"]["v1"]["groups"]
    assert cells["noord"]["n"] == 16
    assert cells["noord"]["pct_agree"] == 75.0  # 12 of 16
    assert not (tmp_path / "var").exists()  # no development key was made


def test_a_standalone_command_still_reports_a_bad_file_as_an_error(tmp_path):
    (tmp_path / "P.csv").write_text("group,population\nnoord,100\n", encoding="utf-8")
    done = run(
        "analyse", "--responses", "missing.csv", "--population", "P.csv", "--by", "team",
        "--out", "out.json", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1
    assert "No such file: missing.csv" in done.stderr


def test_scrub_needs_no_setting_either(tmp_path):
    (tmp_path / "open.csv").write_text(
        "nr;antwoord\n1;bel me op 06-12345678 of mail jan@voorbeeld.nl\n", encoding="utf-8"
    )
    done = run("scrub", "open.csv", "--column", "antwoord", "--out", "schoon.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    scrubbed = (tmp_path / "schoon.csv").read_text(encoding="utf-8")
    assert "06-12345678" not in scrubbed and "jan@voorbeeld.nl" not in scrubbed
    assert "[TELEFOON]" in scrubbed and "[EMAIL]" in scrubbed


def test_a_command_that_needs_settings_names_the_missing_one_without_a_traceback(tmp_path):
    done = run("list-surveys", "--organisation", "voorbeeld", cwd=tmp_path)
    assert done.returncode == 2
    assert "Set the environment variable SECRET_KEY" in done.stderr
    assert "ERVARING_DEV=1" in done.stderr
    assert "Traceback" not in done.stderr
