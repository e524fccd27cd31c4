"""Edge cases of CS804 interface-without-abc beyond its embedded examples."""

import pytest

from tests.rules.helpers import execute, fixed_once, messages

EXECUTED_MODULE = "design_rule_fixed"
TEST_CS804 = "CS804"


def test_WHEN_interface_fixed_THEN_class_abstract_and_implementations_work() -> None:
    code = (
        "class Provider:\n    def get_client(self) -> str:\n        raise NotImplementedError\n\n\n"
        "class Ec2Provider(Provider):\n    def get_client(self) -> str:\n        return 'ec2'\n"
    )
    namespace = execute(fixed_once(code, TEST_CS804), EXECUTED_MODULE)
    with pytest.raises(TypeError):
        namespace["Provider"]()
    assert "ec2" == namespace["Ec2Provider"]().get_client()


def test_WHEN_interface_method_has_other_decorators_THEN_abstractmethod_goes_innermost() -> None:
    code = (
        "from abc import ABC, abstractmethod\r\n\r\n\r\nclass Base:\r\n\t@staticmethod\r\n\tdef build() -> 'Base':\r\n"
        "\t\traise NotImplementedError\r\n"
    )
    expected = (
        "from abc import ABC, abstractmethod\r\n\r\n\r\nclass Base(ABC):\r\n\t@staticmethod\r\n\t@abstractmethod\r\n"
        "\tdef build() -> 'Base':\r\n\t\traise NotImplementedError\r\n"
    )
    assert expected == fixed_once(code, TEST_CS804)


@pytest.mark.parametrize(
    "code",
    [
        "class Money:\n    def __eq__(self, other: object) -> bool:\n        raise NotImplementedError\n",
        "class Task:\n    def run(self) -> None:\n        raise NotImplementedError\n\n\ntask = Task()\n",
        "class Task(Base):\n    def run(self) -> None:\n        raise NotImplementedError\n",
        "class Task:\n    def run(self) -> None:\n        raise ValueError\n",
        "class Task:\n    def run(self) -> None:\n        '''Run.'''\n        pass\n",
    ],
    ids=["refusing dunder", "instantiated here", "unknown base", "other exception", "pass body"],
)
def test_WHEN_class_is_not_an_interface_without_abc_THEN_not_reported(code: str) -> None:
    assert [] == messages(code, TEST_CS804)
