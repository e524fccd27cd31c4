"""The order a `from … import` keeps its names in (linting/edits.py name_order), which decides where a fix adds
a name."""

from chris_style.linting.edits import name_order


def test_WHEN_names_in_isort_order_THEN_constants_classes_then_functions() -> None:
    order = name_order(["TYPE_CHECKING", "Dict", "TypeVar", "cast"])
    assert ["TYPE_CHECKING", "Any", "Dict", "TypeVar", "cast"] == sorted(
        ["TYPE_CHECKING", "Dict", "TypeVar", "cast", "Any"], key=order
    )


def test_WHEN_names_alphabetical_only_THEN_that_order_is_kept() -> None:
    order = name_order(["abstractmethod", "Sequence"])
    assert ["abstractmethod", "Mapping", "Sequence"] == sorted(["abstractmethod", "Sequence", "Mapping"], key=order)


def test_WHEN_names_unsorted_THEN_no_order() -> None:
    assert None == name_order(["Type", "Dict"])
