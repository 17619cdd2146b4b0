"""The reference page's reading of an OpenAPI description, piece by piece."""

from innovation_fund.api.reference import TypePart, api_reference, describe_type, paragraphs


def words(parts) -> str:
    return "".join(part.text for part in parts)


def test_types_read_as_words_and_schemas_are_linked():
    assert words(describe_type({"anyOf": [{"type": "string"}, {"type": "null"}]})) == (
        "string or null"
    )
    assert words(describe_type({"type": "string", "format": "date-time"})) == ("string (date time)")
    assert words(describe_type({"type": "string", "enum": ["a", "b"]})) == ("string: one of a, b")
    listed = describe_type({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}})
    assert listed == [TypePart("list of "), TypePart("Thing", schema="Thing")]


def test_the_introduction_is_escaped_with_only_links_and_code_added():
    html = paragraphs("A <b>bold</b> `cursor`\n\nSee [the licence](https://example.org/l).")
    assert html == [
        "A &lt;b&gt;bold&lt;/b&gt; <code>cursor</code>",
        'See <a class="govuk-link" href="https://example.org/l">the licence</a>.',
    ]
    assert paragraphs("[bad](javascript:alert(1))") == ["[bad](javascript:alert(1))"]


def test_only_schemas_reached_from_responses_are_described():
    description = {
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "list_things",
                    "tags": ["Things"],
                    "parameters": [],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Page"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Page": {
                    "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/T"}}
                    },
                    "required": ["items"],
                },
                "T": {"properties": {"name": {"type": "string", "description": "Its name."}}},
                "Params": {"properties": {"q": {"type": "string"}}},
            }
        },
    }
    page = api_reference(description)
    assert [schema.name for schema in page["schemas"]] == ["Page", "T"]
    assert page["schemas"][1].fields[0].description == "Its name."
    assert not page["schemas"][1].fields[0].required
    assert [op.operation_id for op in page["groups"][0].operations] == ["list_things"]
