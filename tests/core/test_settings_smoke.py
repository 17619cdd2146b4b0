from django.conf import settings


def test_tests_run_with_the_testing_flag_and_london_time():
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True
