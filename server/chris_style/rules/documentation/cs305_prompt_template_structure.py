"""CS305 prompt-template-structure: a multi-line prompt template has no XML-tagged sections."""

import logging
import re
from typing import Optional

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Rule, Scope
from chris_style.linting.syntax import called_method
from chris_style.rules.documentation._shared import Assignment, _assignment_targets, _simple_names

logger = logging.getLogger(__name__)

PROMPT_NAME_SUFFIXES = ("prompt", "template")
# The guide's prompts are multi-paragraph; below this a string is a one-liner, not a prompt worth sections.
PROMPT_MIN_LINES = 5
# A template-engine source (`{% block %}`) has the engine's structure; it is not an LLM prompt.
JINJA_BLOCK_MARKER = "{%"
XML_SECTION_PATTERN = re.compile(r"<([A-Za-z_][\w.\-]*)(?:\s[^<>]*)?>.*?</\1\s*>", re.S)
STRING_TYPES = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


def _template_string(value: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    """The string of `"..."` or of the guide's `"...".format(...)` template pattern."""
    if isinstance(value, STRING_TYPES):
        return value
    if isinstance(value, cst.Call) and called_method(value) == "format":
        inner = value.func.value  # type: ignore[attr-defined]
        if isinstance(inner, STRING_TYPES):
            return inner
    return None


class PromptTemplateStructure(Rule):
    """A multi-line prompt template has no XML-tagged sections.

    The guide's Prompt Engineering for LLMs (OBSERVED): "Multi-paragraph prompt templates with XML-tagged
    sections for structured guidance", such as `<guidelines>`…`</guidelines>` and
    `<input_entry>{input_entry}</input_entry>`.

    Reported: a module-level string (plain, f-string, or the `\"\"\"…\"\"\".format(...)` template pattern) of at
    least 5 lines assigned to a name ending in `prompt` or `template` (any case), with no `<tag>`…`</tag>`
    pair in it. Not reported: template-engine sources with `{% … %}` blocks (a Jinja template's structure is
    the engine's, and it is no LLM prompt).
    """

    code = "CS305"
    name = "prompt-template-structure"
    priority = Priority.OBSERVED
    guideline = Guideline.PROMPT_ENGINEERING
    message = "Prompt template `{name}` has no XML-tagged `<section>`…`</section>`"
    scope = Scope.STATEMENT
    VALID = [
        'analyze_prompt_template = """\nYou are an AI assistant.\n<guidelines>\n- Be direct.\n</guidelines>\n'
        '<input_entry>{input_entry}</input_entry>\n"""\n',
        'SYSTEM_PROMPT = """You are an AI assistant.\nBe direct."""\n',
        'summary = """\none\ntwo\nthree\nfour\nfive\n"""\n',
        'def build() -> str:\n    prompt = """\n    one\n    two\n    three\n    four\n    """\n    return prompt\n',
        'EMAIL_TEMPLATE = """\n<p>\nHello {name},\nwelcome.\n</p>\n"""\n',
        'LAYOUT_TEMPLATE = """\\\n{% block one %}1{% endblock %}\n{% block two %}\n2\n{% endblock %}\n"""\n',
    ]
    INVALID = [
        Invalid('SYSTEM_PROMPT = """\nYou are an AI assistant.\nBe direct.\nBe brief.\nAnswer in JSON.\n"""\n'),
        Invalid(
            'analyze_prompt_template = """\nYou are an AI assistant.\nFollow <these> rules.\nBe brief.\n'
            '{input_entry}\n""".format(input_entry=ENTRY)\n'
        ),
        Invalid('review_prompt: str = f"""\nReview {code}.\nBe direct.\nBe brief.\nAnswer in JSON.\n"""\n'),
    ]

    def visit_Assign(self, node: cst.Assign) -> None:
        self._check(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._check(node)

    def _check(self, node: Assignment) -> None:
        if node.value is None:
            return
        names = _simple_names(node)
        if not names or not any(name.lower().endswith(PROMPT_NAME_SUFFIXES) for name in names):
            return
        string = _template_string(node.value)
        if string is None or not self.context.at_module_level():
            return
        code = self.context.code_for(string)
        if code.count("\n") + 1 < PROMPT_MIN_LINES or JINJA_BLOCK_MARKER in code or XML_SECTION_PATTERN.search(code):
            return
        name = next(name for name in names if name.lower().endswith(PROMPT_NAME_SUFFIXES))
        self.report(_assignment_targets(node)[names.index(name)], name=name)
