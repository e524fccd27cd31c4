"""Running the code a fix produced: the section-6 fixes must keep what the code does, so their tests run a
function of the snippet before and after the fix on sample values and compare the results."""

from typing import Any, Sequence

from tests.rules.helpers import execute


def run(code: str, function: str, *args: Any) -> Any:
    """Call `function` of `code`, run as a module's body, with `args`."""
    return execute(code)[function](*args)


def assert_same_behaviour(before: str, after: str, function: str, samples: Sequence[Sequence[Any]]) -> None:
    """The fix changed the text, and `function` returns the same before and after for every sample."""
    assert before != after
    for sample in samples:
        assert run(before, function, *sample) == run(after, function, *sample), sample
