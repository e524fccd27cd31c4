"""CS201 missing-parameter-annotation: a public function's parameter without a type annotation."""

import logging
from typing import List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Files, Invalid, Rule, Scope, Valid
from chris_style.linting.syntax import is_name
from chris_style.rules.types._shared import FIXED_PARAMETER_COUNTS, forwarded_to_super, owns_signature

logger = logging.getLogger(__name__)


class MissingParameterAnnotation(Rule):
    """A parameter of a public function or method has no type annotation.

    The guide asks for "comprehensive type hints on function signatures" (CRITICAL). Exempt: the first
    parameter of a method (`self`/`cls`), lambdas, functions nested in other functions, and test files (the
    guide's own tests and fixtures are unannotated). `*args` and `**kwargs` count as parameters.

    Not reported either, because the signature is not the module's to design (the guide asks for type hints on
    the APIs a module defines, and its own examples leave these alone):

    - parameters whose type Python's data model fixes: `other` of `__eq__`/`__ne__` (any object; the guide
      writes `def __eq__(self, other) -> bool:`) and the exception triple of `__exit__`/`__aexit__`;
    - `*args`/`**kwargs` passed on unchanged to a `super()` call (the guide's
      `PrintableOcsfObject.__init__(self, *args, **kwargs)`, a CDK construct's `**kwargs`): the base class
      declares their types;
    - click command callbacks (`@click.command()`, `@click.option(...)`, `@cli.command()`...): click passes
      the values the decorators declare, and the function becomes a `click.Command`;
    - methods overriding a base class's method: marked `@override`, defined by a base class of the same
      module, or, in a class deriving from a base this file cannot see (a Django view, a DRF serializer, a
      `logging.Formatter`), written without any annotation, to the framework's signature (the guide's own
      `def formatTime(self, record, datefmt=None):`). Constructors are never taken for overrides: each class
      designs its own.
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
        # The guide's Equality Methods example.
        "class Plan:\n    def __eq__(self, other) -> bool:\n        return self.size == other.size\n",
        "class Session:\n    def __exit__(self, exc_type, exc_value, traceback) -> None:\n        self.close()\n",
        # The guide's Printable Wrappers example (ocsf_schemas.py): the base class types what is forwarded.
        "@dataclass\nclass PrintableOcsfObject(OcsfObject):\n    def __init__(self, *args, **kwargs):\n"
        "        self.include_all_attrs = kwargs.pop('include_all_attrs', False)\n"
        "        super().__init__(*args, **kwargs)\n",
        "class CaptureStack(Stack):\n    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:\n"
        "        super().__init__(scope, construct_id, **kwargs)\n",
        # aws-aio manage_arkime.py: click supplies the values its decorators declare.
        "import click\n\n@click.group()\n@click.option('--profile', default=None)\n@click.pass_context\n"
        "def cli(ctx, profile):\n    ctx.obj['profile'] = profile\n\n"
        "@cli.command()\n@click.argument('name')\ndef destroy(name):\n    run(name)\n",
        # The guide's Custom Logging Formatter: the framework's own signature.
        "class LoggingFormatter(logging.Formatter):\n    def formatTime(self, record, datefmt=None):\n"
        "        return datetime.utcnow().strftime('%Y-%m-%d')\n",
        # ocsf-playground views.py / serializers.py: Django REST framework hooks.
        "class TransformerView(APIView):\n    def post(self, request):\n        return Response(request.data)\n",
        "class Base:\n    def plan(self, size: int) -> int:\n        return size\n\n"
        "class Child(Base):\n    def plan(self, size):\n        return size + 1\n",
        "class Child(Base):\n    @override\n    def plan(self, size):\n        return size + 1\n",
    ]
    INVALID = [
        Invalid("def plan(expected_traffic, azs: List[str]) -> None:\n    pass\n"),
        Invalid("def call(*args, **kwargs) -> None:\n    pass\n", count=2),
        Invalid("class Client:\n    def __init__(self, profile='default') -> None:\n        self.profile = profile\n"),
        # aws-aio aws_client_provider.py: the guide's own Parameter Patterns example misses one annotation.
        Invalid(
            "class AwsClientProvider:\n    def __init__(self, aws_profile: str = 'default', aws_compute=False):\n"
            "        self._aws_compute = aws_compute\n"
        ),
        # A constructor is the class's own design, even when it calls the base's.
        Invalid(
            "class EnumChoiceField(serializers.ChoiceField):\n    def __init__(self, enum, **kwargs):\n"
            "        super().__init__(choices=[e.value for e in enum], **kwargs)\n"
        ),
        # Annotated parameters show the method is not written to an untyped framework signature.
        Invalid("class Handler(Base):\n    def handler(self, event: Dict[str, Any], context) -> None:\n        pass\n"),
        Invalid("class Plan:\n    def __lt__(self, other) -> bool:\n        return self.size < other.size\n"),
        Invalid("@decorate\ndef run(name) -> None:\n    pass\n"),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not self.context.is_public(node) or not owns_signature(self.context, node):
            return
        is_method = self.context.enclosing_class() is not None
        is_static = any(is_name(d.decorator, "staticmethod") for d in node.decorators)
        params = node.params
        ordered: List[cst.Param] = [*params.posonly_params, *params.params]
        if is_method and not is_static and ordered:
            ordered = ordered[1:]
        if is_method:
            ordered = ordered[FIXED_PARAMETER_COUNTS.get(node.name.value, 0) :]
        # Only a parameter without annotation is reported: whether an annotated `*args` or `**kwargs` is passed on
        # to `super()` (a search of the whole body) does not matter.
        star_arg, star_kwarg = params.star_arg, params.star_kwarg
        if isinstance(star_arg, cst.Param) and star_arg.annotation is None:
            if not forwarded_to_super(node, star_arg, "*"):
                ordered.append(star_arg)
        ordered.extend(params.kwonly_params)
        if star_kwarg is not None and star_kwarg.annotation is None:
            if not forwarded_to_super(node, star_kwarg, "**"):
                ordered.append(star_kwarg)
        for param in ordered:
            if param.annotation is None:
                self.report(param.name, parameter=param.name.value, function=node.name.value)
