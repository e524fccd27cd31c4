"""A pytest plugin loaded into a real project's own test suite (`-p fast_hypothesis`): fewer, reproducible
Hypothesis examples, so that suite runs in seconds and gives the same outcomes before and after a fix."""

import pytest
from hypothesis import settings

# Ten examples still drive every property test through the fixed code; the library default of 100 made the
# attrs suite take over a minute on a 2-core machine.
EXAMPLES_PER_PROPERTY = 10
PROFILE_NAME = "chris-style-fix-check"


@pytest.hookimpl(trylast=True)
def pytest_configure() -> None:
    """Load the profile after the project's own conftest has loaded its profile, keeping the rest of it."""
    settings.register_profile(
        PROFILE_NAME, max_examples=EXAMPLES_PER_PROPERTY, derandomize=True, deadline=None, database=None
    )
    settings.load_profile(PROFILE_NAME)
