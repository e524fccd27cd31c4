"""The "Generate tests" refactoring: which test module the tests go to in the guide's project layouts, what they
look like, and that they run: a sample project's generated tests are executed with pytest in a subprocess."""

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_edits
from chris_style.linting.source import SourceFile
from chris_style.refactors import generate_tests
from tests.refactors.helpers import context_of, cursor, findings

STOCK_PATH = "src/inventory/stock.py"
TEST_MODULE_PATH = "tests/test_stock.py"
LEVEL = "def level"
# Generous: a busy machine runs the sample's seven tests in about a second.
PYTEST_TIMEOUT_SECONDS = 120
WAREHOUSE = '''"""The warehouse's API: nothing here may run in a unit test."""


class WarehouseClient:
    def __init__(self, sku: str) -> None:
        raise RuntimeError(f"the warehouse is not reachable from tests ({sku})")


def fetch_count(sku: str) -> int:
    raise RuntimeError(f"the warehouse is not reachable from tests ({sku})")
'''
# A module in the guide's layout, clean at every priority: its dependencies would fail if really called.
STOCK = '''"""Stock levels kept in the warehouse."""

import asyncio
import logging
from typing import List

from inventory.warehouse_interactions import WarehouseClient, fetch_count

logger = logging.getLogger(__name__)

MAX_ITEMS = 100  # what one shelf holds


class ShelfFull(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(f"{count} items do not fit on one shelf")


def restock(sku: str, count: int, note: str = "") -> None:
    if count > MAX_ITEMS:
        raise ShelfFull(count)
    WarehouseClient(sku).add(count)
    logger.info("restocked %s %s", sku, note)


def level(sku: str) -> int:
    return fetch_count(sku)


def check_sku(sku: str) -> None:
    if not sku.isupper():
        raise ValueError(sku)


class Shelf:
    def __init__(self, name: str) -> None:
        self.name = name

    def put(self, sku: str, tags: List[str]) -> None:
        logger.info("%s on %s: %s", sku, self.name, fetch_count(sku))


async def _refresh_async(sku: str) -> None:
    await asyncio.sleep(0)
    logger.info("refreshed %s", sku)
'''
RESTOCK_TESTS = '''from unittest import mock

import pytest

from inventory.stock import ShelfFull, restock

TEST_SKU = "sku"


@mock.patch("inventory.stock.WarehouseClient")
def test_WHEN_restock_called_THEN_as_expected(mock_warehouse_client_cls):
    # Set up our mock
    # TODO: set what the mocks return

    # Run our test
    actual_value = restock(TEST_SKU, 1)

    # Check our results
    expected_value = None
    assert expected_value == actual_value


@mock.patch("inventory.stock.WarehouseClient")
def test_WHEN_restock_called_AND_shelf_full_THEN_raises(mock_warehouse_client_cls):
    # Set up our mock
    # TODO: make it raise ShelfFull

    # Run our test
    with pytest.raises(ShelfFull):
        restock(TEST_SKU, 1)
'''
# Each generated test's outcome when run as generated: None passes, else the failure's first words. The skeletons
# that must be completed fail where their TODO is; none errors (every import, patch and call is right).
OUTCOMES = {
    "test_WHEN_restock_called_THEN_as_expected": None,
    "test_WHEN_restock_called_AND_shelf_full_THEN_raises": "Failed: DID NOT RAISE",
    "test_WHEN_level_called_THEN_as_expected": "AssertionError",
    "test_WHEN_check_sku_called_THEN_as_expected": "ValueError",
    "test_WHEN_check_sku_called_AND_value_error_THEN_raises": None,
    "test_WHEN_shelf_put_called_THEN_as_expected": None,
    "test_WHEN_refresh_async_called_THEN_as_expected": None,
}
SUBJECTS = ["def restock", LEVEL, "def check_sku", "def put", "async def _refresh_async"]


def _write(root: Path, files: Dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _shown(path: Path) -> Optional[str]:
    location = generate_tests.locate(path)
    return None if location is None else f"{location.module_name} -> {location.shown}"


def _read(path: Path) -> Optional[str]:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _generate(path: Path, marker: str) -> None:
    """Run the refactoring on the function at `marker` of the module at `path`, and write what it changes."""
    code = path.read_text(encoding="utf-8")
    context = context_of(code, str(path), Settings(root=path.parents[2]))
    change = generate_tests.change(context, cursor(code, marker), _read)
    assert change is not None
    for created, text in change.new_files:
        created.parent.mkdir(parents=True, exist_ok=True)
        created.write_text(text, encoding="utf-8")
    if change.existing is not None:
        change.location.path.write_text(apply_edits(change.existing, change.edits), encoding="utf-8")


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    """A project with a src/ layout and no tests yet."""
    _write(tmp_path, {
        "pyproject.toml": "[project]\nname = 'inventory'\nversion = '1.0'\n",
        "src/inventory/__init__.py": "",
        "src/inventory/warehouse_interactions.py": WAREHOUSE,
        STOCK_PATH: STOCK,
    })
    return tmp_path


def test_WHEN_project_is_laid_out_as_aws_aio_THEN_tests_mirror_the_source_root_in_its_test_directory(
    tmp_path: Path,
) -> None:
    _write(tmp_path, {
        ".git/HEAD": "",
        "manage_arkime/setup.py": "",
        "manage_arkime/commands/cluster_destroy.py": "",
        "manage_arkime/core/__init__.py": "",
        "manage_arkime/core/capacity_planning.py": "",
        "test_manage_arkime/commands/test_cluster_create.py": "",
        "test/cdk.test.ts": "",
    })
    expected = [
        "commands.cluster_destroy -> test_manage_arkime/commands/test_cluster_destroy.py",
        "core.capacity_planning -> test_manage_arkime/core/test_capacity_planning.py",
    ]
    actual = [
        _shown(tmp_path / "manage_arkime/commands/cluster_destroy.py"),
        _shown(tmp_path / "manage_arkime/core/capacity_planning.py"),
    ]
    assert expected == actual


def test_WHEN_project_keeps_tests_in_its_packages_THEN_the_package_tests_directory(tmp_path: Path) -> None:
    _write(tmp_path, {
        "playground/manage.py": "",
        "playground/backend/__init__.py": "",
        "playground/backend/core/__init__.py": "",
        "playground/backend/core/rest_client.py": "",
        "playground/backend/core/tests/__init__.py": "",
    })
    expected = "backend.core.rest_client -> backend/core/tests/test_rest_client.py"
    assert expected == _shown(tmp_path / "playground/backend/core/rest_client.py")


def test_WHEN_tests_mirror_the_packages_below_the_top_one_THEN_new_directory_is_a_package_as_its_siblings(
    tmp_path: Path,
) -> None:
    _write(tmp_path, {
        "pyproject.toml": "",
        "server/tool/__init__.py": "",
        "server/tool/linting/__init__.py": "",
        "server/tool/linting/edits.py": "",
        "server/tool/lsp/__init__.py": "",
        "server/tool/lsp/hover.py": "",
        "tests/__init__.py": "",
        "tests/linting/__init__.py": "",
        "tests/linting/test_edits.py": "",
    })
    location = generate_tests.locate(tmp_path / "server/tool/lsp/hover.py")
    assert location is not None
    actual = (
        _shown(tmp_path / "server/tool/linting/edits.py"),
        location.shown,
        [path.relative_to(tmp_path).as_posix() for path, _ in generate_tests.FileChange(location, "").new_files],
    )
    expected = (
        "tool.linting.edits -> tests/linting/test_edits.py",
        "tests/lsp/test_hover.py",
        ["tests/lsp/__init__.py", "tests/lsp/test_hover.py"],
    )
    assert expected == actual


def test_WHEN_function_generated_into_a_new_module_THEN_guides_shape(inventory: Path) -> None:
    path = inventory / STOCK_PATH
    context = context_of(STOCK, str(path), Settings(root=inventory))
    change = generate_tests.change(context, cursor(STOCK, "def restock"), _read)
    actual = (generate_tests.offer(context, cursor(STOCK, "def restock")), change and change.new_text)
    assert ("Generate tests for `restock` in tests/test_stock.py", RESTOCK_TESTS) == actual


def test_WHEN_tests_added_to_an_existing_module_THEN_its_code_stays_AND_existing_tests_are_not_repeated(
    inventory: Path,
) -> None:
    path = inventory / STOCK_PATH
    _generate(path, "def restock")
    test_module = inventory / TEST_MODULE_PATH
    _generate(path, "def restock")
    assert RESTOCK_TESTS == test_module.read_text(encoding="utf-8")
    _generate(path, LEVEL)
    expected_tail = (
        '\n\n@mock.patch("inventory.stock.fetch_count")\ndef test_WHEN_level_called_THEN_as_expected(mock_fetch_count):\n'
        "    # Set up our mock\n    # TODO: set what the mocks return\n\n    # Run our test\n"
        "    actual_value = level(TEST_SKU)\n\n    # Check our results\n"
        "    expected_value = None  # TODO: the value expected for these arguments\n"
        "    assert expected_value == actual_value\n"
    )
    text = test_module.read_text(encoding="utf-8")
    head = RESTOCK_TESTS.replace("import ShelfFull, restock", "import ShelfFull, level, restock")
    assert head + expected_tail == text


def test_WHEN_cursor_in_a_function_body_or_a_test_module_THEN_not_offered(inventory: Path) -> None:
    path = inventory / STOCK_PATH
    context = context_of(STOCK, str(path))
    test_code = "def test_WHEN_a_called_THEN_b():\n    assert 1 == 1\n"
    test_context = context_of(test_code, str(inventory / "tests/test_a.py"))
    actual = [
        generate_tests.offer(context, cursor(STOCK, "return fetch_count")),
        generate_tests.offer(test_context, cursor(test_code, "def test")),
        generate_tests.offer(context, cursor(STOCK, LEVEL)),
    ]
    assert [None, None, "Generate tests for `level` in tests/test_stock.py"] == actual


def _outcomes(report: Path) -> Dict[str, Optional[str]]:
    outcomes: Dict[str, Optional[str]] = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        problems = [child for child in case if child.tag in ("failure", "error")]
        message = (problems[0].get("message") or problems[0].tag) if problems else None
        outcomes[case.get("name", "")] = None if message is None else _first_words(message)
    return outcomes


def _first_words(message: str) -> str:
    for expected in OUTCOMES.values():
        if expected is not None and message.startswith(expected):
            return expected
    return message


def test_WHEN_generated_tests_run_with_pytest_THEN_each_passes_or_fails_at_its_todo(inventory: Path) -> None:
    path = inventory / STOCK_PATH
    for marker in SUBJECTS:
        _generate(path, marker)
    test_module = inventory / TEST_MODULE_PATH
    report = inventory / "report.xml"
    command: List[str] = [
        sys.executable, "-m", "pytest", str(test_module), "-p", "no:randomly", "-p", "no:cacheprovider",
        "-p", "no:xdist", f"--junitxml={report}", "-q", "--rootdir", str(inventory),
    ]
    env = {"PYTHONPATH": str(inventory / "src"), "PATH": ""}
    subprocess.run(command, cwd=inventory, env=env, capture_output=True, timeout=PYTEST_TIMEOUT_SECONDS, check=False)
    text = test_module.read_text(encoding="utf-8")
    actual = (_outcomes(report), findings(text, TEST_MODULE_PATH), findings(STOCK, STOCK_PATH))
    assert (OUTCOMES, [], []) == actual


def test_WHEN_source_is_an_untitled_buffer_THEN_no_location() -> None:
    context = context_of(STOCK)
    context.source = SourceFile(STOCK)
    assert None is generate_tests.offer(context, cursor(STOCK, LEVEL))


def test_WHEN_packages_keep_their_tests_in_their_own_directory_THEN_a_new_package_gets_one_too(
    tmp_path: Path,
) -> None:
    _write(tmp_path, {
        "playground/manage.py": "",
        "playground/backend/__init__.py": "",
        "playground/backend/core/__init__.py": "",
        "playground/backend/core/tests/__init__.py": "",
        "playground/backend/core/tests/test_rest_client.py": "",
        "playground/backend/experts/__init__.py": "",
        "playground/backend/experts/validators.py": "",
    })
    location = generate_tests.locate(tmp_path / "playground/backend/experts/validators.py")
    assert location is not None
    created = [path.relative_to(tmp_path).as_posix() for path, _ in generate_tests.FileChange(location, "").new_files]
    expected = ("backend/experts/tests/test_validators.py", ["playground/backend/experts/tests/__init__.py",
                "playground/backend/experts/tests/test_validators.py"])
    assert expected == (location.shown, created)


def test_WHEN_names_and_arguments_are_long_THEN_every_line_fits_AND_the_module_is_clean(inventory: Path) -> None:
    long_module = STOCK + (
        "\n\nclass CrossAccountReplicationConfigurationError(Exception):\n    pass\n\n\n"
        "class ReplicationPlanner:\n"
        "    def __init__(self, source_account_identifier: str, destination_account_identifier: str,\n"
        "                 replication_role_name: str, replication_region_name: str) -> None:\n"
        "        self.names = [source_account_identifier, destination_account_identifier, replication_role_name,\n"
        "                      replication_region_name]\n\n"
        "    def plan_cross_account_replication(self, source_bucket_name: str, destination_bucket_name: str,\n"
        "                                       replication_prefix: str, storage_class_name: str) -> None:\n"
        "        if not source_bucket_name:\n            raise CrossAccountReplicationConfigurationError()\n"
        "        logger.info('%s %s %s %s', destination_bucket_name, replication_prefix, storage_class_name,\n"
        "                    fetch_count(source_bucket_name))\n"
    )
    path = inventory / STOCK_PATH
    path.write_text(long_module, encoding="utf-8")
    _generate(path, "def plan_cross_account_replication")
    text = (inventory / TEST_MODULE_PATH).read_text(encoding="utf-8")
    assert ([], []) == ([line for line in text.splitlines() if len(line) > 120], findings(text, TEST_MODULE_PATH))
