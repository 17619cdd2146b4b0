from django.conf import settings
from django.urls import reverse

NAVIGATION = [
    ("Funding rounds", "rounds:list"),
    ("Projects", "public:project_list"),
    ("Grants", "public:grant_search"),
    ("Innovations", "public:innovation_list"),
    ("Local authorities", "public:authority_list"),
    ("Map", "public:map"),
    ("Evidence", "public:evidence"),
    ("Insights", "public:insight_list"),
    ("About the data", "public:about_data"),
]

SIGNED_IN_NAVIGATION = [
    ("Your account", "accounts:home"),
    ("Sign out", "accounts:sign_out"),
]


def service(request):
    path = request.path
    navigation = []
    links = list(NAVIGATION)
    if request.user.is_authenticated:
        links += SIGNED_IN_NAVIGATION
    else:
        links.append(("Sign in", "accounts:sign_in"))
    for text, url_name in links:
        href = reverse(url_name)
        navigation.append({"text": text, "href": href, "active": path.startswith(href)})
    footer_meta = {
        "visuallyHiddenTitle": "Support links",
        "items": [
            {"href": reverse("public:about_data"), "text": "About the data and sources"},
            {"href": reverse("opendata:open_data"), "text": "Open data (360Giving)"},
            {"href": reverse("opendata:open_data") + "#api", "text": "API"},
            {"href": reverse("public:accessibility"), "text": "Accessibility statement"},
        ],
    }
    footer_licence = {
        "html": (
            'All content is available under the <a class="govuk-footer__link" '
            'href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" '
            'rel="license">Open Government Licence v3.0</a>, except where otherwise stated. '
            f'The data\'s sources and licences are on <a class="govuk-footer__link" '
            f'href="{reverse("public:about_data")}">About the data</a>.'
        )
    }
    return {
        "footer_meta": footer_meta,
        "footer_licence": footer_licence,
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "service_navigation": navigation,
    }
