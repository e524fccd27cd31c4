"""CS602 class-name-not-pascal-case: class names are PascalCase."""

import logging
import re

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Rule, Scope

logger = logging.getLogger(__name__)

PASCAL_CASE_PATTERN = re.compile(r"^_?[A-Z][A-Za-z0-9]*$")


class ClassNameNotPascalCase(Rule):
    """A class name is not PascalCase (`^_?[A-Z][A-Za-z0-9]*$`).

    The guide (Classes, CRITICAL): "`PascalCase` for classes", as in `CaptureNodesPlan` or
    `AwsClientProvider`. Acronyms stay upper-case (`RESTPath`, `RESTClient` are fine); one leading
    underscore marks a private class. Underscores inside the name and lower-case initials are reported,
    whatever the class is for (lower-case decorator classes such as `class cached_property` included).
    """

    code = "CS602"
    name = "class-name-not-pascal-case"
    priority = Priority.CRITICAL
    guideline = Guideline.NAMING_CLASSES
    message = "Class `{name}` is not PascalCase"
    scope = Scope.STATEMENT
    VALID = [
        "class CaptureNodesPlan:\n    pass\n",
        "class RESTPath:\n    pass\n",
        "class _Internal:\n    pass\n",
        "class S3Client:\n    pass\n",
        "def make():\n    class Local:\n        pass\n",
    ]
    INVALID = [
        Invalid("class capture_plan:\n    pass\n"),
        Invalid("class Capture_Plan:\n    pass\n"),
        Invalid("class awsClient:\n    pass\n"),
        Invalid("def make():\n    class local_thing:\n        pass\n"),
        Invalid("class __Hidden:\n    pass\n"),
    ]

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not PASCAL_CASE_PATTERN.match(node.name.value):
            self.report(node.name, name=node.name.value)
