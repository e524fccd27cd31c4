"""Edge cases of CS402 vague-exception-name beyond its embedded examples."""

from tests.rules.helpers import lines

TEST_VAGUE_NAME = "CS402"


def test_WHEN_vague_name_derives_from_imported_class_THEN_not_reported() -> None:
    code = "from requests import RequestException\n\n\nclass Error(RequestException):\n    pass\n"
    assert [] == lines(code, TEST_VAGUE_NAME)


def test_WHEN_vague_name_derives_from_local_exception_chain_THEN_each_vague_one_reported() -> None:
    code = (
        "class BaseError(Exception):\n    pass\n\n\nclass StorageFull(BaseError):\n    pass\n\n\n"
        "class GenericError(StorageFull):\n    pass\n\n\nclass Error(Mixin):\n    pass\n"
    )
    assert [1, 9] == lines(code, TEST_VAGUE_NAME)
