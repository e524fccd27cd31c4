"""CS303 comment-restates-code: a short comment only restates the statement right below it."""

import logging
import re

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Rule, Scope, Valid
from chris_style.linting.source import TextRange
from chris_style.rules.documentation._restatement import WORD_PATTERN, restates
from chris_style.rules.documentation._shared import (
    _is_enum_class,
    _leading_lines,
    _line_indent,
    words_before_pragmas,
)

logger = logging.getLogger(__name__)

# Comments that explain intent, mark work to do or point elsewhere are never restatements.
EXPLAINS_PATTERN = re.compile(
    r"\b(because|since|why|so that|todo|note|fixme|xxx|hack|otherwise|in case|workaround|e\.g|i\.e)\b|https?://|www\.",
    re.I,
)
# Characters that make a comment code-like (commented-out code) or a label (`# TEST: ...`, `# Step 1: ...`).
CODE_OR_LABEL_CHARACTERS = frozenset("=()[]{}<>:;@")
# The guide's test step labels speak of "our" mock, test and results (`# Set up our mock`).
TEST_LABEL_PRONOUN = "our"
# In tests, comments starting with these words label the arrange/act/assert steps (`# Set up our mock`,
# `# Run our test`, `# Check our results`): structure, not restatement.
TEST_LABEL_WORDS = frozenset(
    "set setup arrange given prepare create build mock mocks act run runs execute call invoke when trigger do "
    "check checks verify assert then validate expect confirm ensure test tests make".split()
)


class CommentRestatesCode(Rule):
    """A short comment only restates the statement right below it.

    The guide's Comment Style (CRITICAL): "Inline comments explain 'why' not 'what'". A comment such as
    `# Increment the retry count` above `retry_count += 1` repeats the code and goes stale with it; say why
    the statement is there, or drop the comment.

    Heuristic: a single full-line comment (not part of a comment block), aligned with and directly above one
    simple statement, with at most 6 meaningful words, nearly all of which restate the statement: its names
    split on `_` and case (a prefix counts: `count`/`counter`), its literals, and words for its operations:
    verbs such as `set` for an assignment, `increment` for `+=`, `return`, `call`, `import`, `create` for a
    constructor call, which count only as the comment's first word (its imperative, so that `# A frozen set
    of cells` is not read as an assignment), and nouns such as `list` for `[]`. Never reported: comments with
    `because`, `since`, `so that`, `why`, `TODO`, `NOTE`, `FIXME`, a URL, or a colon (labels such as
    `# TEST: both specified`, pragmas), comments that look like code, comments of one meaningful word
    (headings such as `# Identifiers` or `# Just a test.`), headings of enum members (`# server errors`), and in tests
    the arrange/act/assert labels (`# Set up our mock`, `# Run our test`, `# Check our results`) and any
    comment above an `assert` (it names what is checked).
    """

    code = "CS303"
    name = "comment-restates-code"
    priority = Priority.PREFERRED
    priority_note = (
        "A heuristic under a CRITICAL guideline: one level lower so that a wrong guess never reads as a must-fix."
    )
    guideline = Guideline.COMMENT_STYLE
    message = "Comment `{comment}` restates the code below it: say why, not what"
    scope = Scope.STATEMENT
    VALID = [
        "# Bedrock throttles aggressively, so retry\nretry_count += 1\n",
        "# Increment the retry count because the first call always fails\nretry_count += 1\n",
        "# TODO: increment retry count\nretry_count += 1\n",
        "# See https://example.com/retry\nretry_count += 1\n",
        "# Increment the retry count\n\nretry_count += 1\n",
        "# Retries are counted per region.\n# Increment the retry count\nretry_count += 1\n",
        "# Increment the retry count\nif retry:\n    retry_count += 1\n",
        "# retry_count = retry_count + 1\nretry_count += 1\n",
        "# Gbps; arbitrarily chosen\nMINIMUM_TRAFFIC = 0.01\n",
        "# Using side_effect for sequences\nmock_call.side_effect = [1, 2]\n",
        Valid(
            "def test_WHEN_x_THEN_y() -> None:\n    # Set up our mock\n    mock_client = mock.Mock()\n"
            "    # Run our test\n    run_test(mock_client)\n    # Check our results\n"
            "    assert [] == mock_client.call_args_list\n",
            path="tests/test_x.py",
        ),
        Valid(
            "def test_WHEN_x_THEN_y() -> None:\n    # TEST: Both specified\n    actual = overlap(a, b)\n",
            path="tests/test_x.py",
        ),
        "def run() -> None:\n    # Call the region API once per account\n    call_api(region)\n",
        "class Box:\n    def __init__(self) -> None:\n        # head_row\n        self.head_row_left = row[0]\n",
        "def run() -> None:\n    # Identifiers\n    load_identifiers(attrs)\n",
        "class Status(IntEnum):\n    # server errors\n    INTERNAL_SERVER_ERROR = 500\n",
        "def cache(key: str, value: str) -> None:\n    # Store value for access\n    secrets[key] = value\n",
        "def run() -> None:\n    # Attributes that get auto-loaded\n    self._load_attributes(attrs)\n",
        Valid(
            "def test_WHEN_x_THEN_y() -> None:\n    # Now, mysh is finally in available shells\n"
            "    assert 'mysh' in click.available_shells\n",
            path="tests/test_x.py",
        ),
        Valid(
            "def test_WHEN_x_THEN_y() -> None:\n    def handler() -> str:\n        # Just a test.\n"
            "        return '/test_handler/'\n",
            path="tests/test_x.py",
        ),
        "def run() -> None:\n    # Wait for the lock holder to finish\n    time.sleep(5)\n",
        "# A frozen set of characters that are a single cell wide\n_SINGLE_CELLS = frozenset(CELLS)\n",
        "def run() -> None:\n    # template globals overlay env globals\n    tmpl = env.get_template('main', g)\n",
    ]
    INVALID = [
        Invalid("# Increment the retry count\nretry_count += 1\n"),
        Invalid("def run() -> None:\n    # Create the S3 client\n    s3_client = S3Client()\n"),
        Invalid("# Import os\nimport os\n"),
        Invalid("def name(self) -> str:\n    # Return the cluster name\n    return self._cluster_name\n"),
        Invalid("# Set timeout to 30\nTIMEOUT = 30\n"),
        Invalid("def run() -> None:\r\n\t# Add user to users\r\n\tusers.append(user)\r\n"),
        Invalid("# Initialize the logger\nlogger = logging.getLogger(__name__)\n"),
        Invalid("def run() -> None:\n    # Increment the counter\n    count += 1\n"),
        Invalid("def run() -> None:\n    # Create an empty list\n    names = []\n"),
        Invalid("def run(user: User) -> str:\n    # Get the user's name\n    name = user.name\n"),
        Invalid("def run() -> None:\n    # Open the file\n    handle = open(path)\n"),
        Invalid("def run() -> None:\n    # Initialize the counter to zero\n    counter = 0\n"),
        Invalid("def run() -> None:\n    # Compute the total\n    total = sum(values)\n"),
        Invalid("# Import the json module\nimport json\n"),
    ]

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        """Cheap structural checks first (one statement, a lone aligned comment right above it), then the
        wording filters, and only then the comparison of words with the statement."""
        if len(node.body) != 1:
            return
        leading = _leading_lines(self.context, node)
        if not leading:
            return
        last = leading[-1]
        if last.comment is None or not last.indent or last.whitespace.value:
            return
        if len(leading) > 1 and leading[-2].comment is not None:
            return
        statement = node.body[0]
        if isinstance(statement, cst.Expr) and isinstance(
            statement.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
        ):
            return
        if isinstance(statement, cst.Assert) and self.source.is_test_file:
            return
        enclosing = self.context.enclosing_class()
        if enclosing is not None and not self.context.in_function() and _is_enum_class(enclosing):
            return
        text = words_before_pragmas(last.comment.value)
        if not text or not self._may_restate(text) or not restates(text, statement):
            return
        line = self.context.range_of(node).start.line - 1
        line_text = self.source.line_text(line)
        start = len(_line_indent(line_text))
        self.report(TextRange.of(line, start, line, len(line_text.rstrip())), comment=last.comment.value)

    def _may_restate(self, text: str) -> bool:
        if any(character in CODE_OR_LABEL_CHARACTERS for character in text) or EXPLAINS_PATTERN.search(text):
            return False
        if self.source.is_test_file:
            words = WORD_PATTERN.findall(text.lower())
            is_step_label = bool(words) and words[0] in TEST_LABEL_WORDS
            if is_step_label or TEST_LABEL_PRONOUN in words:
                return False
        return True
