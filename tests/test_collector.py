"""collector.py: memory a program freed goes back to the operating system where the C library allows it."""

from unittest import mock

from chris_style import collector


def test_WHEN_the_c_library_can_trim_THEN_release_memory_asks_it_to_trim_everything() -> None:
    trim = mock.Mock(return_value=1)
    with mock.patch.object(collector, "_malloc_trim", return_value=trim):
        collector.release_memory()
    assert [mock.call(0)] == trim.call_args_list


def test_WHEN_the_c_library_cannot_trim_THEN_release_memory_does_nothing() -> None:
    with mock.patch.object(collector, "_malloc_trim", return_value=None) as found:
        collector.release_memory()
    assert 1 == found.call_count


def test_WHEN_no_c_library_is_found_THEN_there_is_no_trim() -> None:
    collector._malloc_trim.cache_clear()
    try:
        with mock.patch("ctypes.util.find_library", return_value=None):
            found = collector._malloc_trim()
    finally:
        collector._malloc_trim.cache_clear()
    assert None is found
