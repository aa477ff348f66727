"""Uploaded files: local disk by default, S3-compatible by configuration, private either way."""

from django.core.files.storage import storages

from config.settings.storage import default_storage


def test_local_disk_by_default():
    assert default_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_compatible_by_configuration():
    config = default_storage({"S3_BUCKET": "subsidy", "S3_ENDPOINT_URL": "https://oss.example.internal",
                              "S3_ACCESS_KEY_ID": "id", "S3_SECRET_ACCESS_KEY": "secret"})  # fmt: skip
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"]["default_acl"] == "private" and config["OPTIONS"]["querystring_auth"] is True
    assert config["OPTIONS"]["endpoint_url"] == "https://oss.example.internal"


def test_s3_backend_is_installed_and_constructs_without_network(settings):
    from storages.backends.s3 import S3Storage

    storage = S3Storage(**default_storage({"S3_BUCKET": "subsidy", "S3_REGION": "cn-central-1"})["OPTIONS"])
    assert storage.bucket_name == "subsidy" and storage.default_acl == "private"


def test_media_is_not_served_by_any_url(client, db):
    assert storages["default"].base_url.startswith("/media-not-served/")
    assert client.get("/media-not-served/applications/1/x.pdf").status_code == 404
