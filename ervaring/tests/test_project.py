"""Checks on the project itself: documented settings and commands."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTING = re.compile(r'env(?:_bool|_int)?\("([A-Z_]+)"')


def test_every_environment_variable_is_documented_in_env_example():
    used = set(SETTING.findall((ROOT / "ervaring" / "settings.py").read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert used, "the pattern found no settings at all"
    assert used - documented == set()


def test_every_ervaring_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    commands = {
        p.stem.replace("_", "-")
        for p in ROOT.glob("ervaring/*/management/commands/*.py")
        if not p.name.startswith("_")
    }
    assert commands
    assert {c for c in commands if f"ervaring {c}" not in readme} == set()


def test_the_quickstart_has_exactly_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", quickstart, re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_url_module_is_held_to_the_cold_start_contract():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    cold = next(c for c in contracts["contracts"] if "cold start" in c["name"])
    url_modules = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in ROOT.glob("ervaring/**/*urls.py")
    }
    assert "ervaring.reporting.urls" in url_modules
    assert url_modules - set(cold["source_modules"]) == set()


def test_every_test_named_in_the_security_doc_exists():
    """docs/security.md names the test behind each ASVS item; a renamed test must show."""
    named = set(
        re.findall(r"`(?:[\w/]+\.py::)?(test_\w+)`", (ROOT / "docs" / "security.md").read_text())
    )
    defined = set()
    for path in ROOT.glob("ervaring/**/test_*.py"):
        defined |= set(re.findall(r"^def (test_\w+)", path.read_text(), re.M))
    assert len(named) > 30
    assert named - defined == set()


def test_no_page_title_holds_markup():
    """A page's <title> is text: a paragraph and a form once slipped into the title block of
    the open-answers page, and every browser tab showed the HTML as its name."""
    titled = {}
    for template in (ROOT / "ervaring").rglob("templates/**/*.html"):
        for block in re.findall(r"{% block title %}(.*?){% endblock", template.read_text(), re.S):
            titled[template.relative_to(ROOT)] = block
    assert len(titled) > 50
    assert {path: block for path, block in titled.items() if "<" in block or "\n" in block} == {}
