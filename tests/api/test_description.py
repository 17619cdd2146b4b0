"""The OpenAPI description is at a stable address, and its docs page works offline."""

import re

from django.urls import reverse

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


def test_the_docs_page_loads_nothing_from_another_site(client, db):
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/static/ninja/") for source in sources)
    assert '"url": "/api/v1/openapi.json"' in html
    script = client.get("/static/ninja/swagger-ui-bundle.js")
    assert script.status_code == 200


def test_the_footer_links_to_the_apis_explanation_which_links_to_the_description(client, db):
    html = client.get(reverse("public:accessibility")).content.decode()
    explanation = reverse("opendata:open_data") + "#api"
    assert f'href="{explanation}"' in html
    page = client.get(reverse("opendata:open_data")).content.decode()
    assert f'href="{reverse("api:openapi-json")}"' in page
    assert f'href="{reverse("api:openapi-view")}"' in page
