"""Edge cases of CS201 missing-parameter-annotation beyond its embedded examples."""

from tests.rules.helpers import violations

MISSING_PARAMETER_ANNOTATION = "CS201"


def test_WHEN_star_parameters_annotated_or_passed_to_super_THEN_only_the_other_reported() -> None:
    code = (
        "class Child(Base):\n    def __init__(self, *args: int, **kwargs) -> None:\n        super().__init__(*args)\n\n"
        "    def run(self, *args, **kwargs: str) -> None:\n        super().run(*args)\n"
    )
    actual = [violation.message.split("`")[1] for violation in violations(code, MISSING_PARAMETER_ANNOTATION)]
    assert ["kwargs"] == actual
