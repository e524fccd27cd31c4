"""CS602 class-name-not-pascal-case: class names are PascalCase."""

import logging
import re

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Rule, Scope

logger = logging.getLogger(__name__)

PASCAL_CASE_PATTERN = re.compile(r"^_?[A-Z][A-Za-z0-9]*$")
# An underscore between two digits separates the parts of a version number (`V1_1_0`), which PascalCase cannot
# write otherwise; one trailing underscore avoids a clash with another name (PEP 8), as `in_` does.
VERSION_SEPARATOR = re.compile(r"(?<=[0-9])_(?=[0-9])")
CLASH_SUFFIX = "_"


class ClassNameNotPascalCase(Rule):
    """A class name is not PascalCase (`^_?[A-Z][A-Za-z0-9]*$`).

    The guide (Classes, CRITICAL): "`PascalCase` for classes", as in `CaptureNodesPlan` or
    `AwsClientProvider`. Acronyms stay upper-case (`RESTPath`, `RESTClient` are fine); one leading
    underscore marks a private class. Underscores between words and lower-case initials are reported,
    whatever the class is for (lower-case decorator classes such as `class cached_property` included).

    Two underscores are not word separators and are allowed: one between two digits, which spells a
    version (`OcsfV1_1_0TransformValidator`, after the guide author's `OcsfEventClassesV1_1_0` in
    ocsf-playground: `V110` would read as one number), and one at the very end, PEP 8's way of avoiding a
    clash with another name (`class TestIn_` testing `in_`).
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
        # ocsf-playground serializers.py and validators.py: versions in class names.
        "class TransformerEntitiesV1_1_0AnalyzeRequestSerializer(serializers.Serializer):\n    pass\n",
        "class PythonOcsfV1_1_0TransformValidator(OcsfV1_1_0TransformValidator):\n    pass\n",
        "class TestIn_:\n    pass\n",
    ]
    INVALID = [
        Invalid("class capture_plan:\n    pass\n"),
        Invalid("class Capture_Plan:\n    pass\n"),
        Invalid("class awsClient:\n    pass\n"),
        Invalid("def make():\n    class local_thing:\n        pass\n"),
        Invalid("class __Hidden:\n    pass\n"),
        Invalid("class Ocsf_V1_1_0Validator:\n    pass\n"),
        Invalid("class V1_x:\n    pass\n"),
        Invalid("class Plan__:\n    pass\n"),
    ]

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        name = VERSION_SEPARATOR.sub("", node.name.value)
        name = name[: -len(CLASH_SUFFIX)] if name.endswith(CLASH_SUFFIX) else name
        if not PASCAL_CASE_PATTERN.match(name):
            self.report(node.name, name=node.name.value)
