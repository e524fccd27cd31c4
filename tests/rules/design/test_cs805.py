"""Edge cases of CS805 deep-inheritance beyond its embedded examples."""

from tests.rules.helpers import messages

TEST_CS805 = "CS805"


def test_WHEN_hierarchy_is_a_diamond_THEN_longest_chain_counts_once_per_class() -> None:
    code = (
        "class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(A):\n    pass\n\n\nclass D(B, C):\n    pass\n\n\n"
        "class E(D):\n    pass\n"
    )
    expected = ["`E` inherits through 3 levels of this module's classes (E → D → B → A): prefer composition"]
    assert expected == messages(code, TEST_CS805)


def test_WHEN_class_name_reused_as_its_own_base_THEN_no_endless_chain() -> None:
    code = "from vendor import Node\n\n\nclass Node(Node):\n    pass\n\n\nclass Leaf(Node):\n    pass\n"
    assert [] == messages(code, TEST_CS805)


def test_WHEN_deep_hierarchy_in_test_file_THEN_still_reported() -> None:
    code = "class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n\n\nclass D(C):\n    pass\n"
    assert 1 == len(messages(code, TEST_CS805, path="tests/test_tree.py"))
