"""CS606 import-order: the top-of-module import block is grouped stdlib → third-party → local (and, when asked,
sorted); the grouping and the organizer are the engine's `chris_style.linting.imports`."""

import logging
from typing import List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.imports import block_region, find_import_block
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, Valid
from chris_style.linting.source import TextRange

logger = logging.getLogger(__name__)

# The `import-sorting` value that asks for isort's layout inside each group, not only the guide's grouping.
ISORT_SORTING = "isort"


class ImportOrder(Rule):
    """The top-of-module import block is not grouped as the guide asks.

    The guide (Import Organization, CRITICAL): "Imports grouped by: stdlib → third-party → local (with blank
    lines between)". That is what is reported by default (setting `import-sorting = "groups"`): an import of an
    earlier group below one of a later group (`import requests` above `import os`, a local import above
    `from typing import Dict`), and two adjacent imports of different groups with no blank line between them
    (`import pytest` directly under `import json`). The guide says nothing about the order inside a group,
    `import` before `from`, how many blank lines, or blank lines inside a group, so none of that is reported
    ("Prioritize signal over noise"); `from __future__` imports come first (Python requires it) and need no blank
    line after them. With `import-sorting = "isort"` the block must also be in isort's layout (below), as a
    project that runs isort or ruff's `I` rules wants.

    The block is the run of import statements at the top of the module, after its docstring and leading
    comments; it ends at the first other statement (an `if TYPE_CHECKING:` or a `try:` import included), and
    imports below other code are left alone. Groups: the standard library (Python's own
    `sys.stdlib_module_names`); third-party packages; local code: relative imports and first-party packages.
    First-party: the setting `known-first-party`; else a package (a directory holding Python files) of that name
    next to the file or in a directory above it, up to the top of the project (the first directory with a
    `pyproject.toml`, `setup.py`, `setup.cfg`, `tox.ini`, `Pipfile`, `.git`, `.gitignore` or ruff
    configuration), or in that top's `src` or `server` directory; a module `name.py` counts the same way in
    those directories that are not packages themselves (inside a package, `name.py` is `package.name`). So a
    repository that puts its code in `manage_arkime/` and its tests in `test_manage_arkime/` has its own
    packages found from both. Unknown packages are third-party, unless the block's own layout shows them to be
    first-party: a paragraph (imports between blank lines) that follows one holding third-party imports and
    holds only local imports and packages other than well-known third-party ones (`requests`, `django`,
    `boto3`, ...) is the local group, as in the guide's own example with `from backend.core ... import ...`
    last.

    isort's layout (`import-sorting = "isort"`, isort's defaults, `force_sort_within_sections = false`):
    exactly one blank line between groups, `from __future__` imports included, none inside a group; within a
    group every `import x` first, then every `from x import y`, each sorted by module name case-insensitively,
    numbers in natural order (`..` before `.`). Blank lines inside a group that common isort configurations
    produce are accepted when the source uses them: between first-party and relative imports, between the
    `import` and the `from` statements of a group (`lines_between_types = 1`), and above an import that carries
    its own comment lines.

    Left alone: blocks with an `# isort: skip`/`off` comment, and lines holding several statements
    (`import os; import sys`). `import os, sys` is placed by its first module.

    Fix (safe, or unsafe when moving the imports may change what they do): by default it moves statements into
    their groups (keeping their order inside a group) and adds the missing blank lines; with
    `import-sorting = "isort"` it organizes the block (the editor's "organize imports" action,
    `chris_style.linting.imports.organize_imports`, always does). Statements move as they are, with the comment
    lines directly above them and their trailing comments; a licence header separated by a blank line and the
    module docstring stay in place. Safe only when every two imports whose order changes are both inert (the
    standard library and well-known third-party packages that patch nothing) and bind no name in common:
    importing a local or unknown module may have side effects the imports after it depend on
    (`import setup_env  # sets APP_MODE` above `import app_reader`), setuptools replaces `distutils`, and of two
    imports binding one name the later one wins. Otherwise the fix is unsafe.
    """

    code = "CS606"
    name = "import-order"
    priority = Priority.CRITICAL
    guideline = Guideline.IMPORT_ORGANIZATION
    message = "Imports are out of place: {reason}"
    fix_safety = FixSafety.SAFE
    VALID = [
        "import json\nimport logging\nfrom typing import List\n\nfrom django.views.decorators.csrf import csrf_exempt\n"
        "from langchain_core.messages import HumanMessage\nfrom rest_framework.views import APIView\n\n"
        "from backend.categorization_expert.expert_def import get_categorization_expert\n"
        "from backend.core.ocsf.ocsf_versions import OcsfVersion\n",
        "import json\nimport logging\nfrom typing import List\n\nfrom django.views.decorators.csrf import csrf_exempt\n"
        "from langchain_core.messages import HumanMessage\n\nfrom . import expert_def\nfrom .core import ocsf\n",
        "from __future__ import annotations\n\nimport os\n",
        "from __future__ import annotations\nimport os\n",
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
        # The author's own layout (aws-aio): the standard library sorted by module name, `from` and `import`
        # mixed; the order inside a group is not what the guide asks.
        "from abc import ABC, abstractmethod\nfrom dataclasses import dataclass\nimport json\nimport logging\n"
        "from typing import Dict\n\nfrom aws_interactions.aws_client_provider import AwsClientProvider\n"
        "import aws_interactions.ssm_operations as ssm_ops\n",
        # Two blank lines between groups, a blank line inside a group (ecs_interactions.py, ocsf_schemas.py).
        "import logging\n\n\nfrom aws_interactions.aws_client_provider import AwsClientProvider\n",
        "from dataclasses import dataclass\n\nfrom typing import Any, Dict\n\nfrom ocsf.schema import OcsfAttr\n",
        "import sys\nimport os\n\nimport requests\n",
        # Local packages in no particular order (ocsf-playground's expert_def.py).
        Valid(
            "import logging\n\nfrom langchain_aws import ChatBedrockConverse\n\n"
            "from backend.core.ocsf.ocsf_versions import OcsfVersion\nfrom backend.categorization_expert.task_def import T\n",
            settings={"known-first-party": ["backend"]},
        ),
        Valid("import os\nimport sys\n\nimport requests\n", settings={"import-sorting": "isort"}),
    ]
    INVALID = [
        Invalid("import requests\nimport os\n", fixed="import os\n\nimport requests\n"),
        Invalid("import os\nimport requests\n", fixed="import os\n\nimport requests\n"),
        # price_report.py: a first-party import above the standard library; it may have import-time side
        # effects, so moving it is unsafe.
        Invalid(
            "from core.capacity_planning import ClusterPlan\nfrom typing import Dict\nimport math\n",
            fixed="from typing import Dict\nimport math\n\nfrom core.capacity_planning import ClusterPlan\n",
            settings={"known-first-party": ["core"]},
            fix_safety=FixSafety.UNSAFE,
        ),
        # The test files of aws-aio: `import pytest` inside the standard-library group.
        Invalid(
            "import json\nimport pytest\nimport unittest.mock as mock\n\nimport core.local_file as lf\n",
            fixed="import json\nimport unittest.mock as mock\n\nimport pytest\n\nimport core.local_file as lf\n",
        ),
        # rest_client.py: a third-party import among the standard library.
        Invalid(
            "from dataclasses import dataclass\nimport requests\nimport logging\n",
            fixed="from dataclasses import dataclass\nimport logging\n\nimport requests\n",
        ),
        Invalid(
            '"""Docstring."""\n\n# Licence header.\n\nimport requests\nimport os  # the os\n\nx = 1\n',
            fixed='"""Docstring."""\n\n# Licence header.\n\nimport os  # the os\n\nimport requests\n\nx = 1\n',
        ),
        Invalid(
            "import os\n\nfrom backend import x\n\nimport requests\n",
            fixed="import os\n\nimport requests\n\nfrom backend import x\n",
            settings={"known-first-party": ["backend"]},
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "import os\n\nimport requests\n\nfrom backend import x\nimport sys\n",
            fixed="import os\nimport sys\n\nimport requests\n\nfrom backend import x\n",
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "import os\nfrom __future__ import annotations\n",
            fixed="from __future__ import annotations\nimport os\n",
        ),
        Invalid(
            "from .sibling import y\nimport requests\n# why json\nimport json\n",
            fixed="# why json\nimport json\n\nimport requests\n\nfrom .sibling import y\n",
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "from backend import x\nimport requests\n",
            fixed="import requests\n\nfrom backend import x\n",
            settings={"known-first-party": ["backend"]},
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "import requests\nfrom os import (\n    path,  # paths\n    sep,\n)\n",
            fixed="from os import (\n    path,  # paths\n    sep,\n)\n\nimport requests\n",
        ),
        Invalid("import requests\r\nimport os\r\n", fixed="import os\r\n\r\nimport requests\r\n"),
        Invalid("import requests\nimport os", fixed="import os\n\nimport requests"),
        # Side effects: an unknown module may set up what the imports after it see.
        Invalid(
            "import setup_env  # sets APP_MODE\nimport os\n",
            fixed="import os\n\nimport setup_env  # sets APP_MODE\n",
            fix_safety=FixSafety.UNSAFE,
        ),
        # setuptools replaces `distutils` when imported first.
        Invalid(
            "import setuptools\nimport distutils.core\n",
            fixed="import distutils.core\n\nimport setuptools\n",
            fix_safety=FixSafety.UNSAFE,
        ),
        # Two imports bind `loads`: the later one wins, so swapping them changes what `loads` is.
        Invalid(
            "from yaml import loads\nfrom json import loads\n",
            fixed="from json import loads\n\nfrom yaml import loads\n",
            fix_safety=FixSafety.UNSAFE,
        ),
        # With `import-sorting = "isort"`, isort's layout inside the groups too.
        Invalid("import sys\nimport os\n", fixed="import os\nimport sys\n", settings={"import-sorting": "isort"}),
        Invalid(
            "from typing import List\nimport os\n",
            fixed="import os\nfrom typing import List\n",
            settings={"import-sorting": "isort"},
        ),
        Invalid("import os\n\nimport sys\n", fixed="import os\nimport sys\n", settings={"import-sorting": "isort"}),
        Invalid(
            "import os\n\n\nimport requests\n",
            fixed="import os\n\nimport requests\n",
            settings={"import-sorting": "isort"},
        ),
        Invalid(
            "from . import b\nfrom .. import a\n",
            fixed="from .. import a\nfrom . import b\n",
            settings={"import-sorting": "isort"},
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "import os\nfrom __future__ import annotations\n",
            fixed="from __future__ import annotations\n\nimport os\n",
            settings={"import-sorting": "isort"},
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        block = find_import_block(node, self.settings, self.source.path, self.source.text)
        if block is None:
            return
        if self.settings.import_sorting == ISORT_SORTING:
            if block.is_organized:
                return
            unit, reason = block.problem()
            order, replacement, title = block.ordered, block.organized, "Organize imports"
        else:
            problem = block.group_problem()
            if problem is None:
                return
            unit, reason = problem
            order, replacement, title = block.grouped_order, block.grouped, "Group imports"
        fixes: List[Fix] = []
        region = block_region(self.source.text, block, replacement)
        if region is not None:
            start, end, text = region
            safety = FixSafety.SAFE if block.reorder_is_safe(order) else FixSafety.UNSAFE
            edit = Edit(TextRange(self.source.position(start), self.source.position(end)), text)
            fixes.append(self.fix(title, safety, edit))
        self.report(unit.statement.body[0], fixes=fixes, reason=reason)
