"""Help and documentation the command prints: whole sentences in `--help`, the columns `rules` promises, `explain`
by code or by rule name."""

import re

from tests.conftest import run_cli


def test_WHEN_top_level_help_THEN_no_command_description_is_cut() -> None:
    text = run_cli("--help").stdout
    commands = text.split("Commands:")[1].split("\n\n")[0].strip().splitlines()
    descriptions = [line.split(None, 1)[1] for line in commands]
    expected = ["check", "deviations", "explain", "fix", "lsp", "rules", "suppress"]
    assert expected == [line.split()[0] for line in commands]
    assert [] == [description for description in descriptions if description.endswith("...") or "(e.g" in description]


def test_WHEN_rules_listed_THEN_every_row_has_the_promised_columns() -> None:
    lines = run_cli("rules").stdout.splitlines()
    row = re.compile(r"^CS\d+ +(CRITICAL|PREFERRED|OBSERVED) +[a-z]+ +(safe|unsafe|suggestion|-) +[a-z0-9-]+ +\S.*$")
    assert [] == [line for line in lines[1:] if not row.match(line)]
    assert 50 < len(lines)


def test_WHEN_explain_by_rule_name_THEN_same_page_as_by_code() -> None:
    by_name = run_cli("explain", "missing-return-annotation")
    by_code = run_cli("explain", "cs202")
    assert (0, by_code.stdout) == (by_name.exit_code, by_name.stdout)
    assert True == by_name.stdout.startswith("# CS202 missing-return-annotation")


def test_WHEN_explain_unknown_rule_THEN_exit_2_one_line() -> None:
    result = run_cli("explain", "no-such-rule")
    assert (2, 1) == (result.exit_code, len(result.stderr.strip().splitlines()))
