"""The deadline surge (issue 17 §5), as locust users: the public, enterprises, officials, and one 附件4 export.

run.py starts locust with this file; it reads var/bench_load/world.json (written by prepare.py) for the
accounts. Every request is named `<kind>: <what>`, where kind is `view` (a page or a read: p95 ≤ 300 ms),
`save` (an autosave, an upload, a submission: p95 ≤ 800 ms), `login` or `export`; run.py judges them so.

Each simulated person has an address of their own, sent as X-Forwarded-For as the proxy in front would (the
server runs with TRUSTED_PROXY_COUNT=1): the rate limits and the login lockout count per address, and in a
real surge 200 people do not share one address. Logins are spread over the ramp (locust's spawn rate):
people log in once and then work.

Every autosave the server acknowledges ("已自动保存（第 N 版…"), and every submission it confirms (the receipt
page), is recorded; at the end they are written to var/bench_load/acks/, and check.py verifies each against
the database.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import random
import re
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from django_otp.oath import totp  # pure Python (RFC 6238); imports nothing of Django's settings
from locust import FastHttpUser, between, events, task

from bench.load.facts import FACTS  # the public eligibility calculator's API: an enterprise's facts

VAR_DIR = Path(os.environ.get("LOAD_VAR_DIR", Path(__file__).resolve().parents[2] / "var" / "bench_load"))
WORLD = json.loads((VAR_DIR / "world.json").read_text())
UPLOAD_PDF = (VAR_DIR / "upload.pdf").read_bytes()
WAIT = tuple(float(x) for x in os.environ.get("LOAD_WAIT", "1-3").split("-"))
RUN_ID = os.environ.get("LOAD_RUN_ID", "run")

_officials = itertools.cycle(WORLD["officials"])
_enterprises = iter(WORLD["enterprises"])
_addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))

ACKS: list[dict] = []  # acknowledged autosaves and submissions
SAMPLES: list[tuple[str, float, int]] = []  # (name, ms, ok) of every request
SAVED_VERSION = re.compile(r"已自动保存（第 (\d+) 版")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
APPLICATION_LINK = re.compile(r'href="/applications/(\d+)/"')
UPLOAD_FORM = re.compile(r'<form[^>]*class="upload-form".*?</form>', re.S)
MATERIAL = re.compile(r'name="material_id" value="([^"]+)"')


@events.request.add_listener
def _sample(request_type, name, response_time, response_length, exception, **kwargs):
    SAMPLES.append((name, response_time, 0 if exception else 1))


@events.quitting.add_listener
def _write(environment, **kwargs):
    out = VAR_DIR / "acks"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{RUN_ID}.json").write_text(json.dumps({"acks": ACKS, "samples": SAMPLES}, ensure_ascii=False))


class _FormFields(HTMLParser):
    """The fields a browser would post from the form whose id is `form_id`: inputs (checked boxes only),
    selected options and textareas, in document order."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value", "on" if a.get("type") in ("checkbox", "radio") else "")])
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected] or [v for v, _ in self._options[:1]]
            self.fields += [[self._select, v] for v in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append([self._textarea[0], self._textarea[1].removeprefix("\n")])
            self._textarea = None


def _multipart(fields: dict[str, str], file_field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class _Person(FastHttpUser):
    abstract = True
    wait_time = between(*WAIT)
    network_timeout = 60.0
    connection_timeout = 60.0

    def on_start(self):
        self.address = next(_addresses)

    def headers(self, **extra) -> dict:
        return {"X-Forwarded-For": self.address, **extra}

    def get(self, path: str, name: str, **kwargs):
        return self.client.get(path, name=name, headers=self.headers(**kwargs.pop("headers", {})), **kwargs)

    def post(self, path: str, name: str, data, **kwargs):
        headers = self.headers(**kwargs.pop("headers", {}))
        if isinstance(data, (list, dict)):
            data = urlencode(data)
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        return self.client.post(path, name=name, data=data, headers=headers, **kwargs)

    def csrf_from(self, text: str) -> str:
        match = CSRF_INPUT.search(text)
        return html.unescape(match.group(1)) if match else ""

    def login(self, username: str, totp_key: str | None = None) -> bool:
        page = self.get("/accounts/login/", "view: login page")
        data = {"csrfmiddlewaretoken": self.csrf_from(page.text), "username": username, "password": WORLD["password"]}
        with self.post("/accounts/login/", "login: password", data, catch_response=True) as response:
            expected = "/accounts/otp/verify/" if totp_key else "/accounts/login/"
            if totp_key and expected not in response.url:
                response.failure(f"no second-factor step after the password: {response.url}")
                return False
            if not totp_key and "/accounts/login/" in response.url:
                response.failure("still on the login page")
                return False
        if totp_key:
            code = f"{totp(bytes.fromhex(totp_key)):06d}"
            data = {"csrfmiddlewaretoken": self.csrf_from(response.text), "token": code}
            with self.post("/accounts/otp/verify/", "login: TOTP code", data, catch_response=True) as response:
                if "/accounts/otp/" in response.url:
                    response.failure("the TOTP code was refused")
                    return False
        return True


class Public(_Person):
    """Someone reading the notice and the catalogue, and trying the eligibility calculator."""

    weight = 3

    @task(3)
    def catalogue(self):
        self.get("/policies/", "view: catalogue")

    @task(3)
    def item(self):
        self.get(f"/policies/items/{random.randint(1, 14)}/", "view: catalogue item")  # noqa: S311

    @task(1)
    def notice(self):
        self.get("/policies/notice/", "view: notice")

    @task(1)
    def calculator(self):
        self.get("/eligibility/", "view: eligibility calculator")

    @task(3)
    def evaluate(self):
        body = json.dumps({"facts": FACTS, "name": "负载测试"})
        with self.post("/eligibility/api/evaluate", "view: eligibility API", body,
                       headers={"Content-Type": "application/json"}, catch_response=True) as response:  # fmt: skip
            if response.status_code == 200 and '"item_verdicts"' not in response.text:
                response.failure("no verdicts in the answer")


class Enterprise(_Person):
    """An enterprise's 经办人 filling in a draft on the last days: opens it, autosaves as they type, uploads a
    file, and submits; then reads the receipt and their list."""

    weight = 5
    SAVES_BEFORE_SUBMIT = 12

    def on_start(self):
        super().on_start()
        account = next(_enterprises, None)
        if account is None:
            raise RuntimeError("world.json has fewer enterprise accounts than enterprise users: prepare again")
        self.username, self.application = account["username"], account["application"]
        self.saves, self.uploaded, self.submitted, self.fields, self.version = 0, False, False, None, None
        self.logged_in = self.login(self.username)
        if self.logged_in:
            self.open_draft()

    def open_draft(self):
        response = self.get(f"/applications/{self.application}/", "view: application page")
        if response.status_code != 200:
            return
        parser = _FormFields("application-form")
        parser.feed(response.text)
        self.fields = parser.fields
        self.version = next((v for k, v in self.fields if k == "version"), None)
        self.csrf = self.csrf_from(response.text)
        self.uploads = [m.group(1) for f in UPLOAD_FORM.finditer(response.text)
                        if "query_date" not in f.group(0) and (m := MATERIAL.search(f.group(0)))]  # fmt: skip

    @task(8)
    def autosave(self):
        if not self.logged_in or self.submitted or not self.fields:
            return self.read()
        self.saves += 1
        marker = f"负载{RUN_ID}-{self.username}-{self.saves:04d}"
        data = [(k, marker if k == "summary-project_name" else self.version if k == "version" else v)
                for k, v in self.fields]  # fmt: skip
        headers = {"HX-Request": "true", "X-CSRFToken": self.csrf}
        with self.post(f"/applications/{self.application}/save/", "save: autosave", data, headers=headers,
                       catch_response=True) as response:  # fmt: skip
            saved = SAVED_VERSION.search(response.text or "")
            if response.status_code != 200 or not saved:
                response.failure(f"not saved: HTTP {response.status_code} {(response.text or '')[:200]}")
                return None
            self.version = saved.group(1)
            ACKS.append({"kind": "autosave", "application": self.application, "version": int(self.version),
                         "marker": marker, "seq": self.saves, "user": self.username, "at": time.time()})  # fmt: skip
        return None

    @task(1)
    def reopen(self):
        if self.logged_in and not self.submitted:
            self.open_draft()
        else:
            self.read()

    @task(1)
    def upload(self):
        if not self.logged_in or self.submitted or self.uploaded or not self.fields or not self.uploads:
            return self.read()
        material = random.choice(self.uploads)  # noqa: S311
        body, content_type = _multipart({"csrfmiddlewaretoken": self.csrf, "material_id": material}, "file",
                                        f"补充材料{self.saves}.pdf", UPLOAD_PDF)  # fmt: skip
        with self.post(f"/applications/{self.application}/upload/", "save: upload", body,
                       headers={"Content-Type": content_type}, catch_response=True) as response:  # fmt: skip
            if response.status_code != 200 or "已上传" not in response.text:
                response.failure(f"not uploaded: HTTP {response.status_code}")
                return None
        self.uploaded = True
        self.open_draft()  # the page the upload redirected to: its fields and version are the current ones
        return None

    @task(1)
    def submit(self):
        if not self.logged_in or self.submitted or not self.uploaded or self.saves < self.SAVES_BEFORE_SUBMIT:
            return self.read()
        with self.post(f"/applications/{self.application}/submit/", "save: submit",
                       {"csrfmiddlewaretoken": self.csrf}, catch_response=True) as response:  # fmt: skip
            if "/receipt/" not in response.url:
                response.failure(f"not submitted: HTTP {response.status_code} {response.url}")
                return None
        self.submitted = True
        ACKS.append({"kind": "submit", "application": self.application, "user": self.username, "at": time.time()})
        return None

    @task(2)
    def mine(self):
        if self.logged_in:
            self.get("/applications/", "view: my applications")

    def read(self):
        if not self.logged_in:
            return
        if self.submitted and random.random() < 0.5:  # noqa: S311
            self.get(f"/applications/{self.application}/receipt/", "view: receipt")
        else:
            self.get(f"/applications/{self.application}/", "view: application page")


class Official(_Person):
    """A county or city reviewer working through the work list: pages, filters, searches, opens applications."""

    weight = 2

    def on_start(self):
        super().on_start()
        account = next(_officials)
        self.role = account["role"]
        self.logged_in = self.login(account["username"], account["totp_key"])
        self.seen: list[str] = []

    def worklist(self, params: dict, name: str, **headers):
        path = "/review/" + (f"?{urlencode(params)}" if params else "")
        response = self.get(path, name, headers=headers)
        found = APPLICATION_LINK.findall(response.text or "")
        if found:
            self.seen = found
        return response

    @task(4)
    def first_page(self):
        if self.logged_in:
            self.worklist({}, "view: work list")

    @task(2)
    def next_page(self):
        if self.logged_in:
            self.worklist({"page": random.randint(2, 5)}, "view: work list, page 2-5")  # noqa: S311

    @task(2)
    def filtered(self):
        if self.logged_in:
            params = {"status": random.choice(["submitted", "county_review", "recommended", "city_review"]),  # noqa: S311
                      "item": str(random.randint(1, 14))}  # noqa: S311  # fmt: skip
            self.worklist(params, "view: work list, filtered (htmx)", **{"HX-Request": "true"})

    @task(1)
    def search(self):
        if self.logged_in:
            self.worklist({"q": f"基准企业{random.randint(0, 24999):05d}"}, "view: work list, search")  # noqa: S311

    @task(4)
    def open_application(self):
        if self.logged_in and self.seen:
            self.get(f"/applications/{random.choice(self.seen)}/", "view: application page (official)")  # noqa: S311


class CitywideExport(_Person):
    """The 中小企业科 coordinator starts one city-wide 附件4 (申报汇总表) export at the start of the run; the
    worker builds it while the load goes on, and the coordinator's page polls its progress until the file is
    ready, then downloads it (its time from start to file is reported as `export: 附件4 job, start to file`)."""

    fixed_count = 1
    wait_time = between(2, 2)

    def on_start(self):
        super().on_start()
        account = WORLD["exporter"]
        self.logged_in = self.login(account["username"], account["totp_key"])
        self.job, self.done = None, False

    @task
    def export(self):
        if not self.logged_in or self.done:
            return
        if self.job is None:
            page = self.get("/documents/jobs/", "export: job list")
            data = {"csrfmiddlewaretoken": self.csrf_from(page.text), "exporter": "summary_xlsx", "scope": "city"}
            response = self.post("/documents/jobs/", "export: start 附件4 (city)", data)
            match = re.search(r"/documents/jobs/([0-9a-f-]{36})/", response.url or "")
            self.job = match.group(1) if match else None
            self.started = time.time()
            return
        response = self.get(f"/documents/jobs/{self.job}/?poll=1", "export: progress poll")
        if f"/documents/jobs/{self.job}/download/" in (response.text or ""):
            self.get(f"/documents/jobs/{self.job}/download/", "export: download 附件4")
            events.request.fire(request_type="JOB", name="export: 附件4 job, start to file",
                                response_time=(time.time() - self.started) * 1000, response_length=0,
                                exception=None, context={})  # fmt: skip
            self.done = True
