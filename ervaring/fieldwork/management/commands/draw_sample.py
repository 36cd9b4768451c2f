from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.fieldwork import sample_services as services
from ervaring.fieldwork import sampling
from ervaring.fieldwork.management.commands._common import get_survey


class Command(BaseCommand):
    help = (
        "Draw a survey's sample (a census unless --stratum says otherwise) and create one "
        "invitation per chosen client; prints the design table."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--seed", required=True, type=int, help="makes the draw repeatable")
        parser.add_argument(
            "--stratify",
            default="provision_groups",
            choices=sorted(services.STRATIFY_COLUMNS),
            help="population column to stratify by (default: provision_groups)",
        )
        parser.add_argument(
            "--stratum",
            action="append",
            default=[],
            metavar="NAME=RULE",
            help="rule for one stratum: all, a number (250) or a fraction (0.25); repeatable",
        )
        parser.add_argument("--response-rate", type=float, default=0.3, help="assumed, 0-1")
        parser.add_argument(
            "--exclude-invited-months",
            type=int,
            default=0,
            help="leave out clients invited for another survey in the last N months",
        )
        parser.add_argument("--dry-run", action="store_true", help="show the design only")

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"]))
        request = services.SampleRequest(
            seed=int(options["seed"]),  # type: ignore[call-overload]
            stratify_by=str(options["stratify"]),
            rules=self._rules(options["stratum"]),  # type: ignore[arg-type]
            response_rate=float(options["response_rate"]),  # type: ignore[arg-type]
            exclude_invited_months=int(options["exclude_invited_months"]),  # type: ignore[call-overload]
        )
        try:
            if options["dry_run"]:
                plan = services.plan_sample(survey, request)
            else:
                plan = services.draw_sample(survey, request, actor_label="draw-sample").plan
        except services.SampleError as error:
            raise CommandError(str(error)) from error
        self._print_plan(plan)
        verb = "would invite" if options["dry_run"] else "invited"
        self.stdout.write(f"{verb} {plan.invited} clients (seed {request.seed})")

    def _rules(self, items: list[str]) -> dict[str, sampling.StratumRule]:
        rules = {}
        for item in items:
            name, sep, text = item.partition("=")
            if not sep or not name.strip():
                raise CommandError(f"--stratum needs NAME=RULE, got '{item}'.")
            try:
                rules[name.strip()] = sampling.StratumRule.parse(text)
            except sampling.RuleError as error:
                raise CommandError(str(error)) from error
        return rules

    def _print_plan(self, plan: services.SamplePlan) -> None:
        rate = plan.request.response_rate
        self.stdout.write(
            f"population {plan.population}; left out: "
            + ", ".join(f"{key} {plan.excluded[key]}" for key in sorted(plan.excluded))
            if plan.excluded
            else f"population {plan.population}; nobody left out"
        )
        self.stdout.write(
            f"{'stratum':<24}{'rule':>14}{'N':>8}{'drawn':>8}{'invited':>9}"
            f"{'margin@' + format(rate, '.0%'):>12}"
        )
        for line in plan.lines:
            row = line.design
            margin = "-" if row.expected_margin is None else f"{row.expected_margin:.1f}"
            self.stdout.write(
                f"{line.stratum:<24}{row.rule:>14}{row.frame:>8}{row.drawn:>8}"
                f"{row.invited:>9}{margin:>12}"
            )
