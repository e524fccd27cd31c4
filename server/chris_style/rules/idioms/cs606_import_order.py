"""CS606 import-order: the top-of-module import block is grouped and sorted (the organizer itself is the
engine's `chris_style.linting.imports`)."""

import logging
from typing import List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.imports import block_region, find_import_block
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, Valid
from chris_style.linting.source import TextRange

logger = logging.getLogger(__name__)


class ImportOrder(Rule):
    """The top-of-module import block is not grouped and sorted.

    The guide (Import Organization, CRITICAL): imports grouped stdlib → third-party → local, with blank
    lines between the groups. The block is the run of import statements at the top of the module, after
    its docstring and leading comments; it ends at the first other statement (an `if TYPE_CHECKING:` or a
    `try:` import included), and imports below other code are left alone. Expected layout (isort's defaults,
    `force_sort_within_sections = false`): `from __future__` imports first; then the standard library
    (Python's own `sys.stdlib_module_names`); then third-party packages; then local code: first-party
    packages (setting `known-first-party`, or a package or module of that name in the project root, its
    `src` or its `server` directory) followed by relative imports. Exactly one blank line between groups,
    none inside a group. Within a group every `import x` comes first, then every `from x import y`, each
    sorted by module name case-insensitively, numbers in natural order (`..` before `.`).

    Unknown packages are third-party, unless the block's own layout shows them to be first-party: a
    paragraph (imports between blank lines) that follows one holding third-party imports and holds only
    local imports and packages other than well-known third-party ones (`requests`, `django`, `boto3`, ...)
    is the local group, as in the guide's own example with `from backend.core ... import ...` last.

    Blank lines inside a group that common isort configurations produce are accepted when the source uses
    them, and the fix keeps them: between first-party and relative imports (isort's separate local-folder
    section), between the `import` and the `from` statements of a group (`lines_between_types = 1`), and
    above an import that carries its own comment lines (a commented sub-section, as ruff accepts).

    Left alone: blocks with an `# isort: skip`/`off` comment, and lines holding several statements
    (`import os; import sys`). `import os, sys` is placed by its first module; the names inside one
    statement are not re-sorted.

    Fix (safe): organize the block. Statements move as they are, with the comment lines directly above them
    and their trailing comments; comments separated from the first import by a blank line (a licence
    header) stay in place, as does the module docstring. The same organizer runs the editor's "organize
    imports" action (`chris_style.linting.imports.organize_imports`).
    """

    code = "CS606"
    name = "import-order"
    priority = Priority.CRITICAL
    guideline = Guideline.IMPORT_ORGANIZATION
    message = "Imports are not grouped and sorted: {reason}"
    fix_safety = FixSafety.SAFE
    VALID = [
        "import json\nimport logging\nfrom typing import List\n\nfrom django.views.decorators.csrf import csrf_exempt\n"
        "from langchain_core.messages import HumanMessage\nfrom rest_framework.views import APIView\n\n"
        "from backend.categorization_expert.expert_def import get_categorization_expert\n"
        "from backend.core.ocsf.ocsf_versions import OcsfVersion\n",
        "import json\nimport logging\nfrom typing import List\n\nfrom django.views.decorators.csrf import csrf_exempt\n"
        "from langchain_core.messages import HumanMessage\n\nfrom . import expert_def\nfrom .core import ocsf\n",
        "from __future__ import annotations\n\nimport os\n",
        Valid("import os\n\nimport requests\n\nfrom backend.core import x\n", settings={"known-first-party": ["backend"]}),
        Valid(
            "import os\n\nfrom backend.core import x\n\nfrom .sibling import y\n",
            settings={"known-first-party": ["backend"]},
        ),
        "import requests\n\nx = 1\n\nimport os\n",
        "import os\n\nif TYPE_CHECKING:\n    import requests\n",
        "import sys  # isort: skip\nimport os\n",
        "import module2\nimport module10\n",
        "import bar\nimport Foo\n",
    ]
    INVALID = [
        Invalid(
            "import requests\nimport os\n",
            fixed="import os\n\nimport requests\n",
        ),
        Invalid(
            '"""Docstring."""\n\n# Licence header.\n\nimport sys\nimport os  # the os\n\nx = 1\n',
            fixed='"""Docstring."""\n\n# Licence header.\n\nimport os  # the os\nimport sys\n\nx = 1\n',
        ),
        Invalid("from typing import List\nimport os\n", fixed="import os\nfrom typing import List\n"),
        Invalid("import os\nimport requests\n", fixed="import os\n\nimport requests\n"),
        Invalid("import os\n\n\nimport requests\n", fixed="import os\n\nimport requests\n"),
        Invalid("import os\n\nimport sys\n", fixed="import os\nimport sys\n"),
        Invalid(
            "import os\n\nfrom backend import x\n\nimport requests\n",
            fixed="import os\n\nimport requests\nfrom backend import x\n",
        ),
        Invalid(
            "import os\n\nimport requests\n\nfrom backend import x\nimport sys\n",
            fixed="import os\nimport sys\n\nimport requests\n\nfrom backend import x\n",
        ),
        Invalid(
            "import os\nfrom __future__ import annotations\n",
            fixed="from __future__ import annotations\n\nimport os\n",
        ),
        Invalid(
            "from .sibling import y\nimport requests\n# why json\nimport json\n",
            fixed="# why json\nimport json\n\nimport requests\n\nfrom .sibling import y\n",
        ),
        Invalid(
            "from . import b\nfrom .. import a\n",
            fixed="from .. import a\nfrom . import b\n",
        ),
        Invalid(
            "from backend import x\nimport requests\n",
            fixed="import requests\n\nfrom backend import x\n",
            settings={"known-first-party": ["backend"]},
        ),
        Invalid(
            "import requests\nfrom os import (\n    path,  # paths\n    sep,\n)\n",
            fixed="from os import (\n    path,  # paths\n    sep,\n)\n\nimport requests\n",
        ),
        Invalid("import requests\r\nimport os\r\n", fixed="import os\r\n\r\nimport requests\r\n"),
        Invalid("import requests\nimport os", fixed="import os\n\nimport requests"),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        block = find_import_block(node, self.settings)
        if block is None or block.is_organized:
            return
        unit, reason = block.problem()
        fixes: List[Fix] = []
        region = block_region(self.source.text, block)
        if region is not None:
            start, end, replacement = region
            edit = Edit(TextRange(self.source.position(start), self.source.position(end)), replacement)
            fixes.append(self.fix("Organize imports", FixSafety.SAFE, edit))
        self.report(unit.statement.body[0], fixes=fixes, reason=reason)
