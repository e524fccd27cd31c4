"""Edge cases of the section 3 rule CS305 prompt-template-structure beyond its embedded examples."""

from tests.rules.helpers import violations

PROMPT_TEMPLATE = "CS305"


def test_WHEN_prompt_checked_AND_name_in_camel_case_THEN_suffix_matched_case_insensitively() -> None:
    code = 'SystemPrompt = """\none\ntwo\nthree\nfour\n"""\n'

    assert 1 == len(violations(code, PROMPT_TEMPLATE))


def test_WHEN_prompt_checked_AND_single_line_string_with_escapes_THEN_not_reported() -> None:
    code = 'SYSTEM_PROMPT = "one\\ntwo\\nthree\\nfour\\nfive"\n'

    assert [] == violations(code, PROMPT_TEMPLATE)


def test_WHEN_prompt_checked_AND_tag_with_attributes_THEN_not_reported() -> None:
    code = 'REVIEW_PROMPT = """\nReview.\n<rules strict="yes">\n- be brief\n</rules>\n"""\n'

    assert [] == violations(code, PROMPT_TEMPLATE)
