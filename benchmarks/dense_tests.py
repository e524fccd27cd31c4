"""Writes a dense, mock-heavy pytest module for the editor benchmark: the kind of test file that is slowest to lint.

Real projects have test modules like this one (the benchmark's reference is a 1,243-line module of a deployment
CLI with 102 `@mock.patch` decorators and 60 `call_args_list` assertions), but none under a licence that lets us
ship it was found in the sdists looked at. So the module is generated, for the repository, deterministically:
the same arguments always give the same text. It tests a made-up `fleetctl rollout` command and looks like the
real thing: module-level test functions under stacks of up to 17 `@mock.patch` decorators with long parameter
lists, long literal fixtures (plans, JSON documents, parameter-store answers), `expected_calls = [mock.call(...)]`
followed by `assert expected_calls == mock_x.call_args_list`, `side_effect` lists, `pytest.raises`, and a test
class. It imports modules that do not exist: it is linted, never run.

Usage: python benchmarks/dense_tests.py [--lines N] [--seed S] > test_fleet_rollout.py
"""

import argparse
import logging
import random
import sys
from typing import List, Optional, Sequence

logger = logging.getLogger(__name__)

# The size of the reference module (1,243 lines); the generator stops at the first test past it.
DEFAULT_LINES = 1200
# Any fixed seed gives a fixed module; this one is used by the benchmark, so its numbers compare across runs.
DEFAULT_SEED = 11
# Sizes of the decorator stacks of the command's tests, drawn uniformly: the reference module's largest stack is
# 17 patches, a few have 12 or 13, most have 2 to 6 (its helpers' tests, written separately here, have 1 to 3).
PATCH_COUNTS = (2, 3, 3, 4, 4, 5, 6, 9, 12, 13, 17)
# The command under test and the module its collaborators are patched in.
COMMAND_MODULE = "commands.fleet_rollout"
# Collaborators of the command: helpers of its own module, then classes it instantiates.
HELPERS = (
    "_set_up_tls_cert", "_get_next_fleet_plan", "_get_next_operator_config", "_confirm_spend",
    "_get_previous_fleet_plan", "_get_previous_operator_config", "_configure_retention", "_upload_agent_config",
    "_should_proceed", "_is_first_rollout", "_get_stacks_to_deploy", "_get_deploy_context", "_tag_resources",
    "_wait_for_stacks", "_record_rollout", "_check_quota",
)
# Every seventh test of the command is named without the WHEN/THEN convention, as in real modules (the fourth,
# the eleventh, ...); the seventh test written is a class of this many tests.
UNCONVENTIONAL_NAME_EVERY = 7
UNCONVENTIONAL_NAME_AT = 3
TEST_CLASS_AT = 6
TEST_CLASS_METHODS = 4
CLASSES = ("DeployClient", "AwsSessionProvider", "ParamStoreClient", "BucketClient")
INSTANCE_TYPES = ("m5.xlarge", "m5.2xlarge", "c5.4xlarge", "t3.small.search", "r6g.large.search", "m6g.large.search")
REGIONS = ("us-east-1", "us-east-2", "eu-west-1", "ap-southeast-2")
CONDITIONS = (
    "first_rollout", "plan_unchanged", "user_declines", "version_mismatch", "quota_exceeded", "no_previous_plan",
    "tls_cert_exists", "retention_changed", "agent_config_missing", "stacks_in_progress", "dry_run",
    "custom_cidr", "extra_tags", "preconfirmed", "replicas_changed", "previous_config_corrupt",
)
OUTCOMES = (
    "deploys_all_stacks", "skips_deploy", "raises", "reuses_previous_plan", "uploads_config", "records_rollout",
    "tags_every_stack", "asks_for_confirmation", "waits_for_stacks", "as_expected",
)


class ModuleWriter:
    """Accumulates the lines of the module, with a seeded random source for the varying parts."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.lines: List[str] = []

    def emit(self, text: str = "") -> None:
        self.lines.extend(text.split("\n"))

    def number(self, low: int, high: int) -> int:
        return self.random.randint(low, high)

    def choice(self, options: Sequence[str]) -> str:
        return options[self.random.randrange(len(options))]


def mock_name(collaborator: str) -> str:
    """The parameter a patch of `collaborator` is passed as: `mock_get_next_fleet_plan`, `mock_deploy_client_cls`."""
    if collaborator.startswith("_"):
        return "mock" + collaborator
    snake = "".join(f"_{char.lower()}" if char.isupper() else char for char in collaborator)
    return f"mock{snake}_cls"


def write_header(writer: ModuleWriter) -> None:
    """Imports (long parenthesised lists, as real modules have) and the module-level literal fixtures."""
    writer.emit('''import json
import pytest
import shlex  # noqa: F401
import unittest.mock as mock

import fleet_interactions.agent_config as agent_config
from aws_interactions.aws_environment import AwsEnvironment
from aws_interactions.events import ConfigureRetentionEvent
import aws_interactions.bucket_operations as buckets
import aws_interactions.param_store as params
import deploy_interactions.deploy_context as context

from commands.fleet_rollout import (cmd_fleet_rollout, _set_up_tls_cert, _get_next_fleet_plan, _get_next_operator_config,
                                    _confirm_spend, _get_previous_fleet_plan, _get_previous_operator_config, _configure_retention,
                                    _upload_agent_config, _should_proceed, _is_first_rollout, _get_stacks_to_deploy,
                                    _get_deploy_context, _tag_resources, _wait_for_stacks, _record_rollout, _check_quota)
from core.compatibility import CliFleetVersionMismatch
import core.constants as constants
from core.fleet_planning import (WorkerNodesPlan, GatewayNodesPlan, ContainerResourcePlan, MINIMUM_THROUGHPUT, SearchDomainPlan,
                                 DataNodesPlan, LeaderNodesPlan, NetworkPlan, FleetPlan, DEFAULT_RETENTION_DAYS, DEFAULT_REPLICAS,
                                 DEFAULT_NUM_ZONES, BucketPlan, DEFAULT_STORAGE_CLASS, DEFAULT_STORAGE_DAYS, DEFAULT_HISTORY_DAYS,
                                 Cidr, DEFAULT_NETWORK_CIDR, DEFAULT_WORKER_PUBLIC_MASK, DEFAULT_GATEWAY_PUBLIC_MASK)
import core.local_file as local_file
from core.operator_config import OperatorConfig
from core.versioning import VersionInfo

''')
    writer.emit("PREVIOUS_PLAN_JSON = {")
    for section, fields in (
        ("workerNodes", ("instanceType", "desiredCount", "maxCount", "minCount")),
        ("network", ("cidr", "numZones", "publicSubnetMask")),
        ("containerResources", ("cpu", "memory")),
        ("searchDomain", ("dataNodes", "leaderNodes")),
        ("bucket", ("storageClass", "storageDays")),
        ("gatewayNodes", ("maxCount", "minCount")),
    ):
        writer.emit(f'    "{section}": {{')
        for field in fields:
            value = f'"{writer.choice(INSTANCE_TYPES)}"' if field == "instanceType" else str(writer.number(1, 400))
            writer.emit(f'        "{field}": {value},')
        writer.emit("    },")
    writer.emit("}")
    writer.emit()
    writer.emit('VERSION_INFO_JSON = json.dumps({')
    for key in ("fleetctl_version", "config_version", "agent_version", "source_version", "deploy_version"):
        writer.emit(f'    "{key}": "v{writer.number(1, 9)}.{writer.number(0, 20)}.{writer.number(0, 9)}",')
    writer.emit('    "time_utc": "2024-03-08 17:45:12",')
    writer.emit("})")
    writer.emit()
    writer.emit("EXPECTED_TAGS = [")
    for index in range(12):
        writer.emit(f'    {{"Key": "fleetctl:tag-{index:02d}", "Value": "{writer.choice(REGIONS)}-{writer.number(100, 999)}"}},')
    writer.emit("]")
    writer.emit()


def write_plan(writer: ModuleWriter, indent: str) -> None:
    """A nested plan object built inline, as the reference module builds its cluster plans."""
    workers = writer.number(1, 40)
    writer.emit(f"""{indent}fleet_plan = FleetPlan(
{indent}    WorkerNodesPlan("{writer.choice(INSTANCE_TYPES)}", {workers}, {workers + writer.number(1, 10)}, 1),
{indent}    NetworkPlan(DEFAULT_NETWORK_CIDR, DEFAULT_NUM_ZONES, DEFAULT_WORKER_PUBLIC_MASK),
{indent}    ContainerResourcePlan({writer.number(1, 8) * 512}, {writer.number(2, 30) * 512}),
{indent}    SearchDomainPlan(DataNodesPlan({writer.number(2, 9)}, "{writer.choice(INSTANCE_TYPES)}", {writer.number(1, 20) * 50}), LeaderNodesPlan(3, "{writer.choice(INSTANCE_TYPES)}")),
{indent}    BucketPlan(DEFAULT_STORAGE_CLASS, DEFAULT_STORAGE_DAYS),
{indent}    GatewayNodesPlan({writer.number(2, 20)}, {writer.number(1, 5)}),
{indent}    None
{indent})""")


def write_expected_calls(writer: ModuleWriter, indent: str, mocks: Sequence[str]) -> None:
    """Several `expected_..._calls = [mock.call(...)]` blocks, each checked against a mock's `call_args_list`."""
    for mocked in writer.random.sample(list(mocks), k=min(len(mocks), writer.number(2, 5))):
        name = mocked.removeprefix("mock_")
        arguments = writer.choice((
            '"my-fleet", mock.ANY',
            f'"my-fleet", {writer.number(1, 400)}, {writer.number(1, 60)}, {writer.number(1, 4)}, mock.ANY',
            'aws_env',
            '["stack1", "stack2"], context={"key": "value"}',
            f'"my-fleet", "{writer.choice(REGIONS)}", tags=EXPECTED_TAGS',
        ))
        if writer.number(0, 2):
            writer.emit(f"""{indent}expected_{name}_calls = [
{indent}    mock.call({arguments})
{indent}]""")
        else:
            writer.emit(f"""{indent}expected_{name}_calls = [
{indent}    mock.call(
{indent}        {arguments}
{indent}    ),
{indent}    mock.call(
{indent}        {arguments}
{indent}    )
{indent}]""")
        target = f"{mocked}.return_value.deploy" if mocked.endswith("_cls") else mocked
        writer.emit(f"{indent}assert expected_{name}_calls == {target}.call_args_list")
        writer.emit()


def write_command_test(writer: ModuleWriter, index: int) -> None:
    """One test of the command: a stack of patches, a long set-up, the call, then the call-list assertions."""
    count = writer.random.choice(PATCH_COUNTS)
    collaborators = writer.random.sample(HELPERS + CLASSES, k=count)
    for collaborator in collaborators:
        if writer.number(0, 9) == 0:
            writer.emit(f'@mock.patch("{COMMAND_MODULE}.{collaborator}", mock.Mock())')
        else:
            writer.emit(f'@mock.patch("{COMMAND_MODULE}.{collaborator}")')
    # Decorators apply bottom-up: the lowest patch is the first parameter.
    mocks = [mock_name(name) for name in reversed(collaborators)]
    passed = [mocked for mocked, line in zip(mocks, reversed(writer.lines[-count:])) if "mock.Mock()" not in line]
    name = f"test_WHEN_cmd_fleet_rollout_called_AND_{writer.choice(CONDITIONS)}_THEN_{writer.choice(OUTCOMES)}"
    if index % UNCONVENTIONAL_NAME_EVERY == UNCONVENTIONAL_NAME_AT:
        name = f"test_cmd_fleet_rollout_{writer.choice(CONDITIONS)}_{index}"
    opening = f"def {name}("
    rows, row = [], []
    for mocked in passed:
        row.append(mocked)
        if len(row) == 4:
            rows.append(", ".join(row))
            row = []
    if row:
        rows.append(", ".join(row))
    writer.emit(opening + (",\n" + " " * len(opening)).join(rows) + "):")
    indent = "    "
    writer.emit(f"{indent}# Set up our mocks")
    for mocked in passed:
        if mocked.endswith("_cls"):
            writer.emit(f"{indent}{mocked}.return_value = mock.Mock()")
        elif writer.number(0, 3) == 0:
            writer.emit(f"{indent}{mocked}.side_effect = [True, False, True]")
        else:
            writer.emit(f'{indent}{mocked}.return_value = "arn:aws:acm:{writer.choice(REGIONS)}:123456789012:certificate/{writer.number(1000, 9999)}"')
    writer.emit()
    writer.emit(f'{indent}aws_env = AwsEnvironment("123456789012", "{writer.choice(REGIONS)}", "profile")')
    writer.emit(f"{indent}operator_config = OperatorConfig({writer.number(1, 9)}, {writer.number(1, 60)}, {writer.number(30, 400)}, {writer.number(1, 4)}, {writer.number(1, 60)})")
    writer.emit()
    write_plan(writer, indent)
    writer.emit()
    if writer.number(0, 4) == 0:
        writer.emit(f"{indent}# Run our test")
        writer.emit(f"{indent}with pytest.raises(CliFleetVersionMismatch):")
        writer.emit(f'{indent}    cmd_fleet_rollout("profile", "{writer.choice(REGIONS)}", "my-fleet", None, None, None, None, None, True, False, None, None)')
    else:
        writer.emit(f"{indent}# Run our test")
        writer.emit(f'{indent}cmd_fleet_rollout("profile", "{writer.choice(REGIONS)}", "my-fleet", None, None, {writer.number(1, 40)}, None, None, True, False, None, None)')
    writer.emit()
    writer.emit(f"{indent}# Check our results")
    write_expected_calls(writer, indent, passed)
    writer.emit()


def write_helper_test(writer: ModuleWriter, helper: str) -> None:
    """A test of one helper: parameter-store answers as `side_effect` literals, then call-list assertions."""
    writer.emit('@mock.patch("commands.fleet_rollout.params")')
    writer.emit('@mock.patch("commands.fleet_rollout.buckets")')
    writer.emit(f"def test_WHEN{helper}_called_AND_{writer.choice(CONDITIONS)}_THEN_{writer.choice(OUTCOMES)}(mock_buckets, mock_params):")
    writer.emit("    # Set up our mock")
    writer.emit("    mock_params.ParamDoesNotExist = params.ParamDoesNotExist")
    writer.emit("    mock_params.get_param_json_value.side_effect = [")
    for _ in range(writer.number(2, 4)):
        writer.emit(f'        {{"workerNodes": {{"instanceType": "{writer.choice(INSTANCE_TYPES)}", "desiredCount": {writer.number(1, 40)}, "maxCount": {writer.number(40, 80)}, "minCount": 1}},')
        writer.emit(f'         "network": {{"cidr": {{"block": "10.{writer.number(0, 255)}.0.0", "prefix": "16"}}, "numZones": {writer.number(1, 3)}, "publicSubnetMask": 28}}}},')
    writer.emit("    ]")
    writer.emit("    mock_provider = mock.Mock()")
    writer.emit()
    writer.emit("    # Run our test")
    writer.emit(f'    actual_value = {helper}("my-fleet", mock_provider)')
    writer.emit()
    writer.emit("    # Check our results")
    writer.emit("    expected_get_calls = [")
    for key in ("plan", "operator-config", "versions"):
        writer.emit(f'        mock.call("/fleetctl/fleets/my-fleet/{key}", "{key}", mock.ANY),')
    writer.emit("    ]")
    writer.emit("    assert expected_get_calls == mock_params.get_param_json_value.call_args_list")
    writer.emit(f"    assert {writer.number(1, 40)} == actual_value.workerNodes.desiredCount")
    writer.emit(f"    assert mock_buckets.ensure_bucket_exists.call_args_list == [mock.call(\"fleet-bucket-{writer.number(100, 999)}\", mock_provider)]")
    writer.emit()
    writer.emit()


def write_test_class(writer: ModuleWriter) -> None:
    """A class of tests with a shared set-up, as some of the reference module's tests are grouped."""
    writer.emit("class TestShouldProceed:")
    writer.emit("    def setup_method(self):")
    writer.emit("        self.mock_provider = mock.Mock()")
    writer.emit(f"        self.previous = VersionInfo(\"v1.2.{writer.number(0, 9)}\", \"v1\", \"abcdef\", \"2024-03-08 17:45:12\")")
    writer.emit()
    for condition in writer.random.sample(CONDITIONS, k=TEST_CLASS_METHODS):
        writer.emit('    @mock.patch("commands.fleet_rollout._confirm_spend")')
        writer.emit('    @mock.patch("commands.fleet_rollout._get_previous_fleet_plan")')
        writer.emit(f"    def test_WHEN_should_proceed_called_AND_{condition}_THEN_as_expected(self, mock_get_prev_plan, mock_confirm):")
        writer.emit("        mock_get_prev_plan.return_value = FleetPlan.from_dict(PREVIOUS_PLAN_JSON)")
        writer.emit(f"        mock_confirm.return_value = {writer.choice(('True', 'False'))}")
        writer.emit()
        write_plan(writer, "        ")
        writer.emit("        actual_value = _should_proceed(fleet_plan, self.mock_provider)")
        writer.emit()
        writer.emit("        assert [mock.call(fleet_plan, mock.ANY)] == mock_confirm.call_args_list")
        writer.emit(f"        assert {writer.choice(('True', 'False'))} == actual_value")
        writer.emit()
    writer.emit()


def generate(lines: int = DEFAULT_LINES, seed: int = DEFAULT_SEED) -> str:
    """The module's text: at least `lines` lines (it ends after the test that passes them), always valid Python."""
    writer = ModuleWriter(seed)
    write_header(writer)
    writer.emit()
    index = 0
    while len(writer.lines) < lines:
        if index == TEST_CLASS_AT:
            write_test_class(writer)
        elif index % 2 == 1:
            write_helper_test(writer, writer.choice(HELPERS))
        else:
            write_command_test(writer, index)
        index += 1
    while writer.lines and not writer.lines[-1]:
        writer.lines.pop()
    text = "\n".join(writer.lines) + "\n"
    compile(text, "test_fleet_rollout.py", "exec")
    return text


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Print the module."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES, help="the least number of lines (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="another seed gives another module of the same kind")
    arguments = parser.parse_args(argv)
    sys.stdout.write(generate(arguments.lines, arguments.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
