"""Request bodies larger than the platform accepts are refused while they stream in, not after.

Django reads a multipart body to its end before a view sees it, even when the view will refuse it (issue 16
§7: a 300 MB body was read in full). `BoundedUploadHandler`, the first of FILE_UPLOAD_HANDLERS, stops the
parser (StopUpload without reading the rest) at the first file of a body whose declared length is over
UPLOAD_MAX_REQUEST_BYTES, and at the chunk where one file passes that size. The fields before the file (the
CSRF token, which material) are kept, so the view can refuse at the right place: it finds
`request.upload_too_large` set and no file in request.FILES.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

UPLOAD_TOO_LARGE = "文件过大：一次上传不能超过 {limit} MB，请压缩或拆分后再上传。"


def upload_limit_bytes() -> int:
    return settings.UPLOAD_MAX_REQUEST_BYTES


def upload_too_large_message() -> str:
    return UPLOAD_TOO_LARGE.format(limit=upload_limit_bytes() // (1024 * 1024))


def upload_was_too_large(request) -> bool:
    return getattr(request, "upload_too_large", False)


class BoundedUploadHandler(FileUploadHandler):
    """Passes every chunk on to the next handler, counting; refuses (stops reading) past the limit."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.declared_too_large = content_length > upload_limit_bytes()
        return None  # the normal parser goes on, so the fields before the first file are read

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if getattr(self, "declared_too_large", False):
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > upload_limit_bytes():
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self):
        if self.request is not None:
            self.request.upload_too_large = True
        raise StopUpload(connection_reset=True)
