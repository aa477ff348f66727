"""Issue 16 §12: `manage.py check --deploy` refuses a deployment with the second factor off or the demo's password
allowed (config/settings/production.py fixes both; the production settings pass it:
core/tests/test_errors.py::test_production_settings_pass_check_deploy)."""

from accounts.checks import identity_deploy_check


def test_the_production_rule_passes(settings):
    settings.OTP_REQUIRED_FOR_OFFICIALS, settings.DEMO_DATA_ALLOWED, settings.DEBUG = True, False, False
    assert identity_deploy_check() == []


def test_the_second_factor_off_or_the_demo_on_fails(settings):
    settings.OTP_REQUIRED_FOR_OFFICIALS, settings.DEMO_DATA_ALLOWED = False, True
    assert {e.id for e in identity_deploy_check()} == {"accounts.E001", "accounts.E002"}
