"""The OpenAPI description is at a stable address, and its reference page is made from it."""

import re

from django.urls import reverse

from tests.helpers import tables_outside_scroll_regions

OPENAPI = "/api/v1/openapi.json"


def test_the_openapi_description_is_at_a_stable_address(client, db):
    assert reverse("api:openapi-json") == OPENAPI
    response = client.get(OPENAPI)
    assert response.status_code == 200
    description = response.json()
    assert description["info"]["version"] == "1"
    assert description["info"]["license"]["name"] == "Open Government Licence v3.0"
    assert sorted(description["paths"]) == sorted(
        f"/api/v1/{resource}{detail}"
        for resource, detail in [
            ("projects", ""),
            ("projects", "/{slug}"),
            ("grants", ""),
            ("grants", "/{project_slug}"),
            ("grant-search", ""),
            ("rounds", ""),
            ("rounds", "/{slug}"),
            ("organisations", ""),
            ("organisations", "/{slug}"),
            ("local-authorities", ""),
            ("local-authorities", "/{gss_code}"),
            ("innovations", ""),
            ("innovations", "/{slug}"),
        ]
    )
    assert description["paths"]["/api/v1/projects"]["get"]["operationId"] == "list_projects"


def test_every_operation_is_read_only(client, db):
    description = client.get(OPENAPI).json()
    assert {method for path in description["paths"].values() for method in path} == {"get"}
    assert client.post("/api/v1/projects").status_code == 405


def test_the_project_filters_are_the_directorys(client, db):
    operation = client.get(OPENAPI).json()["paths"]["/api/v1/projects"]["get"]
    names = [parameter["name"] for parameter in operation["parameters"]]
    assert names == [
        "q",
        "round",
        "focus_area",
        "region",
        "local_authority",
        "organisation_type",
        "innovation",
        "limit",
        "cursor",
    ]


def test_the_reference_page_is_a_govuk_page_made_from_the_description(client, db):
    assert reverse("api:openapi-view") == "/api/v1/docs"
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en-GB"' in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main  # nothing on it needs JavaScript to show
    assert "swagger" not in html.lower()
    assert f'href="{OPENAPI}"' in main
    assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert assets and all(asset.startswith("/static/") for asset in assets)
    assert tables_outside_scroll_regions(html) == []

    description = client.get(OPENAPI).json()
    for path, methods in description["paths"].items():
        for method, operation in methods.items():
            section = html.split(f'<section aria-labelledby="{operation["operationId"]}">', 1)
            assert len(section) == 2, operation["operationId"]
            section = section[1].split("</section>", 1)[0]
            assert f"{method.upper()} {path}" in section
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in section, parameter["name"]
            for status in operation["responses"]:
                assert f'<th scope="row" class="govuk-table__header">{status}</th>' in section


def test_the_reference_page_lists_each_returned_schemas_fields_with_links(client, db):
    html = client.get(reverse("api:openapi-view")).content.decode()
    description = client.get(OPENAPI).json()
    project = description["components"]["schemas"]["ProjectOut"]
    section = html.split('<section aria-labelledby="schema-ProjectOut">', 1)[1]
    section = section.split("</section>", 1)[0]
    for name in project["properties"]:
        assert f"<code>{name}</code>" in section
    assert 'href="#schema-OrganisationRef"' in section
    assert 'id="schema-OrganisationRef"' in html
    # A parameter's bounds and default are shown, from the description.
    assert "From 1 to 100." in html and "If left out: 20." in html


def test_the_footer_links_to_the_apis_explanation_which_links_to_the_description(client, db):
    html = client.get(reverse("public:accessibility")).content.decode()
    explanation = reverse("opendata:open_data") + "#api"
    assert f'href="{explanation}"' in html
    page = client.get(reverse("opendata:open_data")).content.decode()
    assert f'href="{reverse("api:openapi-json")}"' in page
    assert f'href="{reverse("api:openapi-view")}"' in page
