"""Edge cases of the section 7 rule CS701 argparse-cli beyond its embedded examples."""

from tests.rules.helpers import lines

TEST_CS701 = "CS701"


def test_WHEN_argparse_imported_inside_function_under_alias_THEN_reported() -> None:
    code = "def main() -> None:\n    import argparse as ap\n\n    parser = ap.ArgumentParser()\n"
    assert [4] == lines(code, TEST_CS701)


def test_WHEN_module_builds_several_parsers_THEN_reported_once_at_the_first() -> None:
    code = (
        "import argparse\nimport getopt\n\nPARENT = argparse.ArgumentParser(add_help=False)\n"
        "CHILD = argparse.ArgumentParser(parents=[PARENT])\nOPTIONS = getopt.gnu_getopt([], 'h')\n"
    )
    assert [4] == lines(code, TEST_CS701)


def test_WHEN_parser_built_under_main_guard_with_crlf_THEN_reported() -> None:
    code = "import argparse\r\n\r\nif __name__ == '__main__':\r\n\tparser = argparse.ArgumentParser()\r\n"
    assert [4] == lines(code, TEST_CS701)


def test_WHEN_argument_parser_name_comes_from_elsewhere_THEN_not_reported() -> None:
    code = "from myproject.cli import ArgumentParser\n\nPARSER = ArgumentParser()\n"
    assert [] == lines(code, TEST_CS701)


def test_WHEN_parser_built_in_test_file_THEN_not_reported() -> None:
    code = "import argparse\n\nPARSER = argparse.ArgumentParser()\n"
    assert [] == lines(code, TEST_CS701, path="tests/helpers.py")
