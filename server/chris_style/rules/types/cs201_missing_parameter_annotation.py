"""CS201 missing-parameter-annotation: a public function's parameter without a type annotation."""

import logging
from typing import List

import libcst as cst
import libcst.matchers as m

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Files, Invalid, Rule, Scope, Valid

logger = logging.getLogger(__name__)


class MissingParameterAnnotation(Rule):
    """A parameter of a public function or method has no type annotation.

    The guide asks for "comprehensive type hints on function signatures". Exempt: the first parameter of a
    method (`self`/`cls`), lambdas, functions nested in other functions, and test files (the guide's own tests
    and fixtures are unannotated). `*args` and `**kwargs` count as parameters.
    """

    code = "CS201"
    name = "missing-parameter-annotation"
    priority = Priority.CRITICAL
    guideline = Guideline.TYPE_HINTS_USAGE
    message = "Parameter `{parameter}` of public function `{function}` has no type annotation"
    files = Files.NOT_TESTS
    scope = Scope.STATEMENT
    VALID = [
        "def plan(expected_traffic: float, azs: List[str]) -> Plan:\n    return Plan()\n",
        "class Client:\n    def get(self, key: str) -> str:\n        return key\n",
        "class Client:\n    @classmethod\n    def build(cls) -> 'Client':\n        return cls()\n",
        "def _helper(value):\n    return value\n",
        "def outer(x: int) -> None:\n    def inner(y):\n        return y\n",
        "square = lambda value: value * value\n",
        Valid("def test_WHEN_x_THEN_y(fixture):\n    assert 1 == fixture\n", path="tests/test_example.py"),
    ]
    INVALID = [
        Invalid("def plan(expected_traffic, azs: List[str]) -> None:\n    pass\n"),
        Invalid("def call(*args, **kwargs) -> None:\n    pass\n", count=2),
        Invalid("class Client:\n    def __init__(self, profile='default') -> None:\n        self.profile = profile\n"),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not self.context.is_public(node):
            return
        is_method = self.context.enclosing_class() is not None
        is_static = any(m.matches(d.decorator, m.Name("staticmethod")) for d in node.decorators)
        params = node.params
        ordered: List[cst.Param] = [*params.posonly_params, *params.params]
        if is_method and not is_static and ordered:
            ordered = ordered[1:]
        if isinstance(params.star_arg, cst.Param):
            ordered.append(params.star_arg)
        ordered.extend(params.kwonly_params)
        if params.star_kwarg is not None:
            ordered.append(params.star_kwarg)
        for param in ordered:
            if param.annotation is None:
                self.report(param.name, parameter=param.name.value, function=node.name.value)
