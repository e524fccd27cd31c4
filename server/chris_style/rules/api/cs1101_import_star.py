"""CS1101 import-star: `from x import *`."""

import logging

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Rule, Scope

logger = logging.getLogger(__name__)


class ImportStar(Rule):
    """`from x import *` hides which names a module uses and where they come from.

    The guide: "All imports are explicit" (Explicit Over Implicit). A star import also defeats linters and
    editors, which cannot tell which names it binds. Relative star imports (`from . import *`) and star imports
    in `__init__.py` files are reported too.
    """

    code = "CS1101"
    name = "import-star"
    priority = Priority.CRITICAL
    guideline = Guideline.EXPLICIT_OVER_IMPLICIT
    message = "`from {module} import *`: import the names this module uses explicitly"
    scope = Scope.STATEMENT
    VALID = [
        "from os.path import join, splitext\n",
        "import os\n",
        "from . import models\n",
    ]
    INVALID = [
        Invalid("from os.path import *\n"),
        Invalid("from .models import *\n"),
        Invalid("try:\n    from _speedups import *\nexcept ImportError:\n    pass\n"),
        Invalid("def load() -> None:\n    pass\n\n\nfrom . import *\n", path="pkg/__init__.py"),
    ]

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):
            return
        dots = "." * len(node.relative)
        module = self.context.code_for(node.module) if node.module is not None else ""
        self.report(node, module=f"{dots}{module}")
