"""The API's reference page, made on the server from the OpenAPI description.

The description (/api/v1/openapi.json) stays the single source: this module only reads it, so
the page cannot drift from what the API does. It replaces django-ninja's Swagger UI, which
failed accessibility checks (contrast, nested controls, no page language) and needed
JavaScript to show anything.
"""

import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from ninja.openapi.docs import DocsBase

REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class TypePart:
    """A piece of a type's wording; `schema` names a described schema to link to."""

    text: str
    schema: str | None = None


@dataclass
class Field:
    name: str
    type: list[TypePart]
    required: bool
    description: str
    location: str = ""  # for parameters: "query" or "path"


@dataclass
class Response:
    status: str
    meaning: str
    body: list[TypePart]


@dataclass
class Operation:
    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field]
    responses: list[Response]


@dataclass
class Group:
    name: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Schema:
    name: str
    description: str
    fields: list[Field]


def _schema_name(ref: str) -> str:
    return ref.removeprefix(REF_PREFIX)


def describe_type(schema: dict[str, Any]) -> list[TypePart]:
    """A JSON Schema in words: "string (date) or null", "list of ProjectOut"."""
    if "$ref" in schema:
        name = _schema_name(schema["$ref"])
        return [TypePart(name, schema=name)]
    if "anyOf" in schema:
        options = [option for option in schema["anyOf"] if option.get("type") != "null"]
        parts: list[TypePart] = []
        for option in options:
            if parts:
                parts.append(TypePart(" or "))
            parts += describe_type(option)
        if len(options) < len(schema["anyOf"]):
            parts.append(TypePart(" or null"))
        return parts
    kind = schema.get("type", "any value")
    if kind == "array":
        return [TypePart("list of "), *describe_type(schema.get("items", {}))]
    words = {"integer": "whole number", "number": "number", "boolean": "true or false"}.get(
        kind, kind
    )
    if "format" in schema:
        words += f" ({schema['format'].replace('-', ' ')})"
    if "enum" in schema:
        words += ": one of " + ", ".join(str(value) for value in schema["enum"])
    return [TypePart(words)]


def _limits(schema: dict[str, Any]) -> str:
    """Bounds and default, which the description may not repeat."""
    notes = []
    if "minimum" in schema and "maximum" in schema:
        notes.append(f"From {schema['minimum']} to {schema['maximum']}.")
    if "maxLength" in schema:
        notes.append(f"At most {schema['maxLength']} characters.")
    if "default" in schema:
        notes.append(f"If left out: {schema['default']}.")
    return " ".join(notes)


def _parameter(parameter: dict[str, Any]) -> Field:
    schema = parameter.get("schema", {})
    description = parameter.get("description") or schema.get("description") or ""
    limits = _limits(schema)
    if limits and limits not in description:
        description = f"{description} {limits}".strip()
    return Field(
        name=parameter["name"],
        type=describe_type(schema),
        required=bool(parameter.get("required")),
        description=description,
        location=parameter.get("in", ""),
    )


def _response(status: str, response: dict[str, Any]) -> Response:
    content = response.get("content", {}).get("application/json", {})
    body = describe_type(content["schema"]) if "schema" in content else [TypePart("nothing")]
    return Response(status=status, meaning=response.get("description", ""), body=body)


def _operation(path: str, method: str, operation: dict[str, Any]) -> Operation:
    return Operation(
        operation_id=operation.get("operationId", f"{method}-{path}"),
        method=method.upper(),
        path=path,
        summary=operation.get("summary", ""),
        description=operation.get("description", ""),
        parameters=[_parameter(parameter) for parameter in operation.get("parameters", [])],
        responses=[
            _response(status, response)
            for status, response in sorted(operation.get("responses", {}).items())
        ],
    )


def _referenced(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {_schema_name(value["$ref"])} if "$ref" in value else set()
        for inner in value.values():
            found |= _referenced(inner)
        return found
    if isinstance(value, list):
        return set().union(*(_referenced(inner) for inner in value))
    return set()


def _schemas_used(description: dict[str, Any]) -> list[Schema]:
    """The schemas that responses return, directly or inside another schema, in page order."""
    components = description.get("components", {}).get("schemas", {})
    wanted: list[str] = []
    pending = sorted(
        {
            name
            for path in description["paths"].values()
            for operation in path.values()
            for name in _referenced(operation.get("responses", {}))
        }
    )
    while pending:
        name = pending.pop(0)
        if name in wanted or name not in components:
            continue
        wanted.append(name)
        pending += sorted(_referenced(components[name]) - set(wanted))
    schemas = []
    for name in sorted(wanted):
        schema = components[name]
        required = set(schema.get("required", []))
        schemas.append(
            Schema(
                name=name,
                description=schema.get("description", ""),
                fields=[
                    Field(
                        name=field_name,
                        type=describe_type(field_schema),
                        required=field_name in required,
                        description=field_schema.get("description", ""),
                    )
                    for field_name, field_schema in schema.get("properties", {}).items()
                ],
            )
        )
    return schemas


def paragraphs(text: str) -> list[SafeString]:
    """The description's light Markdown (links and `code`) as safe HTML, one per paragraph."""
    result = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        if not paragraph:
            continue
        escaped = html.escape(" ".join(paragraph.split()), quote=True)
        escaped = re.sub(
            r"\[([^\]]+)\]\((https?://[^)\s]+)\)",
            r'<a class="govuk-link" href="\2">\1</a>',
            escaped,
        )
        escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
        result.append(mark_safe(escaped))  # noqa: S308 - escaped above, then only our tags added
    return result


def api_reference(description: dict[str, Any]) -> dict[str, Any]:
    """What the reference page shows: the API's introduction, its operations by group, and
    the schemas of what they return."""
    groups: dict[str, Group] = {}
    for path, methods in description["paths"].items():
        for method, operation in methods.items():
            tag = (operation.get("tags") or ["Other"])[0]
            groups.setdefault(tag, Group(tag)).operations.append(
                _operation(path, method, operation)
            )
    info = description["info"]
    return {
        "title": info["title"],
        "version": info["version"],
        "introduction": paragraphs(info.get("description", "")),
        "groups": list(groups.values()),
        "schemas": _schemas_used(description),
    }


class GovukReference(DocsBase):
    """django-ninja's docs page, as a GOV.UK page: /api/v1/docs keeps its address and name."""

    template = "api/reference.html"

    def render_page(self, request: HttpRequest, api, **kwargs: Any) -> HttpResponse:
        description = api.get_openapi_schema(path_params=kwargs)
        context = api_reference(description)
        context["openapi_url"] = self.get_openapi_url(api, kwargs)
        return render(request, self.template, context)
