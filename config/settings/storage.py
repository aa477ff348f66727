"""Where uploaded files live: the local disk by default, an S3-compatible object store by configuration.

Either way files are private: they are only ever served by the permission-checked download view.
"""

from __future__ import annotations

from collections.abc import Mapping


def default_storage(env: Mapping[str, str]) -> dict:
    bucket = env.get("S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "location": env.get("S3_PREFIX", "hengyang-subsidy"),
    }
    for key, option in (("S3_ENDPOINT_URL", "endpoint_url"), ("S3_REGION", "region_name"),
                        ("S3_ACCESS_KEY_ID", "access_key"), ("S3_SECRET_ACCESS_KEY", "secret_key")):  # fmt: skip
        if env.get(key):
            options[option] = env[key]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
