from innovation_fund.core.links import absolute_url


def test_a_page_address_in_full_with_no_double_slash(settings):
    settings.SERVICE_BASE_URL = "https://grants.example.gov.uk/"
    assert absolute_url("public:project_detail", "family-safeguarding") == (
        "https://grants.example.gov.uk/projects/family-safeguarding/"
    )
