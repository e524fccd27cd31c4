"""`--output-format junit`: JUnit XML, as CI servers show test results (Jenkins, GitLab, Azure Pipelines).

One test suite per file checked; each finding is a failed test case named after its code and position, a file
without findings one passing case, a file that could not be read one case in error."""

import logging
import xml.etree.ElementTree as ElementTree
from typing import Sequence

from chris_style.cli.jobs import FileReport
from chris_style.linting.catalog import RuleCatalog

logger = logging.getLogger(__name__)

SUITES_NAME = "chris-style"
CLEAN_CASE_NAME = "no diagnostics"


def _suite(report: FileReport) -> ElementTree.Element:
    suite = ElementTree.Element("testsuite", name=report.display_path)
    if report.error:
        case = ElementTree.SubElement(suite, "testcase", name="read", classname=report.display_path)
        ElementTree.SubElement(case, "error", message=report.error, type="unreadable").text = report.error
    for violation in report.violations:
        start = violation.range.start
        position = f"{start.line + 1}:{start.column + 1}"
        case = ElementTree.SubElement(
            suite, "testcase", name=f"{violation.code} {violation.name} at {position}", classname=report.display_path
        )
        failure = ElementTree.SubElement(case, "failure", message=violation.message, type=violation.code)
        failure.text = f"{report.display_path}:{position}: {violation.code} [{violation.priority.name}] {violation.message}"
    if not report.violations and not report.error:
        ElementTree.SubElement(suite, "testcase", name=CLEAN_CASE_NAME, classname=report.display_path)
    failures = len(report.violations)
    suite.set("tests", str(max(failures + (1 if report.error else 0), 1)))
    suite.set("failures", str(failures))
    suite.set("errors", "1" if report.error else "0")
    suite.set("skipped", "0")
    return suite


def format_junit(reports: Sequence[FileReport], rule_set: RuleCatalog) -> str:
    suites = [_suite(report) for report in reports]
    root = ElementTree.Element("testsuites", name=SUITES_NAME)
    root.extend(suites)
    for attribute in ("tests", "failures", "errors"):
        root.set(attribute, str(sum(int(suite.get(attribute, "0")) for suite in suites)))
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True)
