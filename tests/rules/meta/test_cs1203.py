"""Edge cases of CS1203 resource-without-context-manager beyond its embedded examples."""

from tests.rules.helpers import violations

RESOURCE_WITHOUT_WITH = "CS1203"


def test_WHEN_closed_in_finally_of_outer_try_THEN_not_reported() -> None:
    code = (
        "def copy(path: str) -> None:\n    handle = open(path)\n    try:\n        process(handle)\n    except OSError:\n"
        "        raise\n    finally:\n        if handle:\n            handle.close()\n"
    )
    assert [] == violations(code, RESOURCE_WITHOUT_WITH)


def test_WHEN_closed_only_in_except_THEN_reported() -> None:
    code = (
        "def copy(path: str) -> None:\n    handle = open(path)\n    try:\n        process(handle)\n"
        "    except OSError:\n        handle.close()\n"
    )
    assert 1 == len(violations(code, RESOURCE_WITHOUT_WITH))


def test_WHEN_managed_by_later_with_THEN_not_reported() -> None:
    code = (
        "def copy(path: str) -> None:\n    try:\n        handle = open(path)\n    except OSError:\n        return\n"
        "    with handle:\n        process(handle)\n"
    )
    assert [] == violations(code, RESOURCE_WITHOUT_WITH)


def test_WHEN_declared_global_THEN_not_reported() -> None:
    code = "def start() -> None:\n    global LOG\n    LOG = open('log.txt', 'w')\n"
    assert [] == violations(code, RESOURCE_WITHOUT_WITH)


def test_WHEN_open_is_a_parameter_THEN_not_reported() -> None:
    code = "def load(path: str, open=gzip.open) -> bytes:\n    handle = open(path)\n    return handle.read()\n"
    assert [] == violations(code, RESOURCE_WITHOUT_WITH)


def test_WHEN_module_aliased_THEN_still_recognised() -> None:
    code = "import tarfile as tf\n\n\ndef pack(path: str) -> None:\n    archive = tf.open(path)\n    archive.add('.')\n"
    expected = ["`archive = tf.open(...)` is not closed by a `with` block: use `with tf.open(...) as archive:`"]
    assert expected == [violation.message for violation in violations(code, RESOURCE_WITHOUT_WITH)]


def test_WHEN_returned_value_only_uses_attribute_THEN_reported() -> None:
    code = "def read(path: str) -> str:\n    handle = open(path)\n    return handle.read()\n"
    assert 1 == len(violations(code, RESOURCE_WITHOUT_WITH))
