"""Edge cases of CS606 import-order beyond its embedded examples, and of the import organizer it shares with
the editor's "organize imports" action (linting/imports.py)."""

from pathlib import Path
from typing import List

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from chris_style.config.settings import Settings
from chris_style.linting.imports import organize_imports
from tests.rules.helpers import fixed, violations

IMPORT_ORDER = "CS606"
IMPORT_ORDER_ONLY = Settings(select=(IMPORT_ORDER,))
SORTED_IMPORTS_ONLY = Settings(select=(IMPORT_ORDER,), import_sorting="isort")
# Enough generated import blocks to hit every group and kind combination without slowing the suite.
HYPOTHESIS_EXAMPLES = 60
# Made up to cover every group (future, stdlib, third-party, first-party `backend`, relative at two depths),
# both statement kinds, a dotted module, case and natural number ordering.
SAMPLE_IMPORTS = (
    "import os",
    "import sys",
    "import os.path",
    "from typing import List",
    "from collections import abc",
    "import requests",
    "from requests import adapters",
    "import Django",
    "from attr import define",
    "import backend",
    "from backend.core import thing",
    "from . import sibling",
    "from .. import parent",
    "from .models import Model",
    "from __future__ import annotations",
    "import module10",
    "import module2",
)


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (
            '#!/usr/bin/env python\n"""Doc."""\n\n# Copyright.\n\n# why requests\nimport requests\nimport os\n\nx = 1\n',
            '#!/usr/bin/env python\n"""Doc."""\n\n# Copyright.\n\nimport os\n\n# why requests\nimport requests\n\nx = 1\n',
        ),
        (
            "import requests\nimport os\n\nif TYPE_CHECKING:\n    import zlib\nimport abc\n",
            "import os\n\nimport requests\n\nif TYPE_CHECKING:\n    import zlib\nimport abc\n",
        ),
        (
            "import requests\nimport os\nprint(1)\nimport abc\n",
            "import os\n\nimport requests\nprint(1)\nimport abc\n",
        ),
        (
            "import requests\ntry:\n    import ujson\nexcept ImportError:\n    ujson = None\n",
            "import requests\ntry:\n    import ujson\nexcept ImportError:\n    ujson = None\n",
        ),
        ("import sys, os\nimport abc\n", "import abc\nimport sys, os\n"),
        ("import requests\nimport os", "import os\n\nimport requests"),
        ("import os; import abc\n", "import os; import abc\n"),
        (
            "import os\n\nfrom typing import List\nimport abc\n",
            "import abc\nimport os\n\nfrom typing import List\n",
        ),
        (
            "from requests import (  # noqa: F401\n    get,\n    post,  # the verb\n)\nimport \\\n    os\n",
            "import \\\n    os\n\nfrom requests import (  # noqa: F401\n    get,\n    post,  # the verb\n)\n",
        ),
        ("\tx = 1\n", "\tx = 1\n"),
    ],
)
def test_WHEN_organize_imports_runs_THEN_block_organized_and_rest_kept(before: str, expected: str) -> None:
    actual = organize_imports(before)
    assert expected == actual
    assert actual == organize_imports(actual)


def test_WHEN_fix_all_runs_on_unordered_block_with_isort_sorting_THEN_same_text_as_organize_imports() -> None:
    code = '"""Doc."""\nimport requests\nfrom os import path\nimport sys\n\nvalue = 1\n'
    assert organize_imports(code) == fixed(code, IMPORT_ORDER, settings=SORTED_IMPORTS_ONLY)


def test_WHEN_project_package_exists_under_root_THEN_import_is_local(tmp_path: Path) -> None:
    (tmp_path / "src" / "myproject").mkdir(parents=True)
    (tmp_path / "src" / "myproject" / "__init__.py").write_text("")
    code = "import myproject\nimport requests\n"
    actual = organize_imports(code, Settings(root=tmp_path))
    assert "import requests\n\nimport myproject\n" == actual


def test_WHEN_known_first_party_lists_dotted_prefix_THEN_only_that_subtree_is_local() -> None:
    code = "import backend.core\nimport backend_tools\nimport os\n"
    actual = organize_imports(code, Settings(known_first_party=("backend.core",)))
    assert "import os\n\nimport backend_tools\n\nimport backend.core\n" == actual


def test_WHEN_isort_lines_between_types_layout_used_THEN_accepted() -> None:
    code = "import os\nimport sys\n\nfrom typing import List\n\nimport requests\n"
    assert [] == violations(code, IMPORT_ORDER, settings=SORTED_IMPORTS_ONLY)


def test_WHEN_commented_import_stands_apart_inside_group_THEN_accepted() -> None:
    code = "import datetime\n\n# Import encodings now, see the issue.\nimport encodings.idna\nfrom io import BytesIO\n"
    assert [] == violations(code, IMPORT_ORDER, settings=SORTED_IMPORTS_ONLY)


def test_WHEN_block_unsorted_with_isort_sorting_THEN_message_names_the_misplaced_statement() -> None:
    code = "import os\nimport requests\nimport abc\n\nimport zlib\n"
    actual = [(v.range.start.line, v.message) for v in violations(code, IMPORT_ORDER, settings=SORTED_IMPORTS_ONLY)]
    expected_message = "Imports are out of place: `import abc` should be sorted before `import os`"
    assert [(0, expected_message)] == actual
    grouped = "import abc\nimport os\nimport requests\n"
    actual = [(v.range.start.line, v.message) for v in violations(grouped, IMPORT_ORDER, settings=SORTED_IMPORTS_ONLY)]
    expected_message = (
        "Imports are out of place: one blank line expected between the standard-library and third-party groups"
    )
    assert [(2, expected_message)] == actual


def test_WHEN_groups_out_of_order_THEN_message_names_the_statement_AND_its_groups() -> None:
    code = "import os\nimport requests\nimport abc\n\nimport zlib\n"
    actual = [(v.range.start.line, v.message) for v in violations(code, IMPORT_ORDER, settings=IMPORT_ORDER_ONLY)]
    expected_message = (
        "Imports are out of place: one blank line expected between the standard-library and third-party groups"
    )
    assert [(1, expected_message)] == actual
    code = "import requests\n\nimport abc\n"
    actual = [(v.range.start.line, v.message) for v in violations(code, IMPORT_ORDER, settings=IMPORT_ORDER_ONLY)]
    expected_message = "Imports are out of place: standard-library `import abc` should come before third-party `import requests`"
    assert [(2, expected_message)] == actual


def test_WHEN_isort_directive_only_below_the_block_THEN_block_still_reported() -> None:
    # The text holds a directive, so the block's own text is generated and searched: it holds none.
    code = "import requests\nimport os\n\nx = 1  # isort: skip\n"
    actual = [v.range.start.line for v in violations(code, IMPORT_ORDER, settings=IMPORT_ORDER_ONLY)]
    assert [1] == actual
    assert "import os\n\nimport requests\n\nx = 1  # isort: skip\n" == fixed(code, IMPORT_ORDER)


def test_WHEN_isort_directive_inside_a_parenthesized_import_THEN_block_left_alone() -> None:
    code = "import requests\nfrom os import (\n    path,  # isort: skip\n)\n"
    assert [] == violations(code, IMPORT_ORDER, settings=IMPORT_ORDER_ONLY)
    assert code == organize_imports(code)


@hypothesis_settings(max_examples=HYPOTHESIS_EXAMPLES, deadline=None)
@given(
    st.permutations(SAMPLE_IMPORTS),
    st.lists(st.booleans(), min_size=len(SAMPLE_IMPORTS) - 1, max_size=len(SAMPLE_IMPORTS) - 1),
)
def test_WHEN_any_order_of_imports_organized_THEN_nothing_lost_AND_result_is_stable(
    order: List[str], blank_after: List[bool]
) -> None:
    future = [line for line in order if "__future__" in line]
    rest = [line for line in order if "__future__" not in line]
    lines = [line + "\n" + ("\n" if blank else "") for line, blank in zip(future + rest, blank_after + [False])]
    code = '"""Doc."""\n' + "".join(lines) + "\nvalue = 1\n"
    project = Settings(known_first_party=("backend",))
    actual = organize_imports(code, project)
    canonical = organize_imports('"""Doc."""\n' + "\n".join(SAMPLE_IMPORTS) + "\n\nvalue = 1\n", project)
    # Blank lines in the source may make a layout acceptable (isort's optional blank lines) or show unknown
    # packages to be first-party, so only a block without them must come out canonical; no statement is ever
    # lost or duplicated.
    assert sorted(line for line in code.splitlines() if line) == sorted(line for line in actual.splitlines() if line)
    if not any(blank_after):
        assert canonical == actual
    assert actual == organize_imports(actual, project)
    compile(actual, "<organized>", "exec")


def test_WHEN_sample_imports_organized_THEN_isort_default_layout() -> None:
    code = "\n".join(SAMPLE_IMPORTS) + "\n"
    expected = (
        "from __future__ import annotations\n\n"
        "import os\nimport os.path\nimport sys\nfrom collections import abc\nfrom typing import List\n\n"
        "import Django\nimport module2\nimport module10\nimport requests\nfrom attr import define\n"
        "from requests import adapters\n\n"
        "import backend\nfrom backend.core import thing\nfrom .. import parent\nfrom . import sibling\n"
        "from .models import Model\n"
    )
    assert expected == organize_imports(code, Settings(known_first_party=("backend",)))


def _write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_WHEN_project_code_and_tests_live_in_sibling_directories_THEN_own_packages_are_local(tmp_path: Path) -> None:
    # aws-aio's layout: the code in manage_arkime/ (with its own setup.py), the tests in test_manage_arkime/
    # mirroring its packages, a .gitignore at the top.
    _write(tmp_path / ".gitignore")
    _write(tmp_path / "manage_arkime" / "setup.py")
    _write(tmp_path / "manage_arkime" / "core" / "__init__.py")
    _write(tmp_path / "manage_arkime" / "core" / "constants.py")
    _write(tmp_path / "test_manage_arkime" / "core" / "test_constants.py")
    code = "import core.constants as constants\nimport requests\n"
    for path in (tmp_path / "manage_arkime" / "core" / "plan.py", tmp_path / "test_manage_arkime" / "core" / "test_plan.py"):
        actual = organize_imports(code, Settings(), path)
        assert "import requests\n\nimport core.constants as constants\n" == actual


def test_WHEN_package_holds_module_named_like_third_party_THEN_bare_import_stays_third_party(tmp_path: Path) -> None:
    # Inside a package, `requests.py` is `mylib.requests`: a bare `import requests` is the third-party one.
    _write(tmp_path / "pyproject.toml")
    _write(tmp_path / "mylib" / "__init__.py")
    _write(tmp_path / "mylib" / "requests.py")
    path = tmp_path / "mylib" / "client.py"
    code = "import os\n\nimport requests\nimport yaml\n"
    assert [] == violations(code, IMPORT_ORDER, settings=IMPORT_ORDER_ONLY, path=path)


def test_WHEN_script_directory_holds_sibling_module_THEN_its_import_is_local(tmp_path: Path) -> None:
    _write(tmp_path / "helpers.py")
    path = tmp_path / "script.py"
    code = "import helpers\nimport os\n"
    actual = [v.message for v in violations(code, IMPORT_ORDER, settings=IMPORT_ORDER_ONLY, path=path)]
    expected = ["Imports are out of place: standard-library `import os` should come before local `import helpers`"]
    assert expected == actual
