"""Issue 17 §4: the application is stateless. Two gunicorn nodes under the production settings share one
PostgreSQL database, one media folder and one Redis, behind nginx (deploy/nginx/hengyang.conf) over TLS:
- /readyz through nginx answers 200 from both nodes (CI starts gunicorn with production settings on PostgreSQL);
- a person signs in, saves a draft, uploads a file and submits while nginx alternates their requests between the
  nodes; one node is stopped mid-journey and the journey completes on the other; nothing is lost, no session ends;
- failed logins on one node count on the other (axes keeps them in the database), and so do the rate limits
  (Redis).

PostgreSQL only (CI's second pass); there it needs nginx (.ci/run installs it), chromium and Redis."""

from __future__ import annotations

import hashlib
import json
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from playwright.sync_api import expect, sync_playwright

from accounts.tests.factories import PASSWORD
from e2e.conftest import CHROMIUM
from operations.tests import cluster as two_nodes
from operations.tests.cluster import Cluster, NodeClient, form_value

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two nodes share one PostgreSQL database (CI's second pass sets DATABASE_URL); production refuses SQLite",
    ),
]

# As e2e/conftest.py launches Debian's chromium.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
UPLOADED = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% two nodes\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both nodes and nginx, for the module; every process is stopped at the end, whatever happened."""
    with django_db_blocker.unblock(), override_settings(MIGRATION_MODULES={}):
        # The test database is built from the models (--no-migrations): record the migrations on disk as applied,
        # which is the state `migrate` leaves and /readyz checks. The record is no model's, so flushes keep it.
        recorder = MigrationRecorder(connection)
        for app_label, name in MigrationLoader(connection).graph.nodes:
            recorder.record_applied(app_label, name)
        url = two_nodes.database_url(connection.settings_dict)
    running = Cluster(folder=tmp_path_factory.mktemp("two-nodes"), database_url=url)
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture(autouse=True)
def production_keys(settings):
    """What this process writes (the personal-data ciphertext of a mobile number, the audit chain) under the keys
    the nodes read it with."""
    settings.PERSONAL_DATA_KEY = two_nodes.PERSONAL_DATA_KEY
    settings.AUDIT_HMAC_KEY = two_nodes.AUDIT_HMAC_KEY


@pytest.fixture
def worker(cluster):
    """`manage.py worker`, started after the test's flush, so that its first heartbeat is in the database."""
    cluster.worker_start()
    yield
    cluster.worker_stop()


@pytest.fixture
def draft(stored_pack, profile, enterprise_admin, open_window):
    """`enterprise_admin`'s item-2 draft, filled in and signed, with every required material but one uploaded:
    the journey uploads that one and submits. The city has reopened the 2023 window (open_window)."""
    from applications import completeness, services
    from applications.tests.helpers import IN_WINDOW, complete

    application = services.application_create(
        actor=enterprise_admin, enterprise=enterprise_admin.organisation, item=stored_pack.items.get(number=2),
        now=IN_WINDOW,
    )  # fmt: skip
    application = complete(application, enterprise_admin)
    attachment = application.attachments.exclude(query_date__isnull=False).order_by("pk").first()
    services.attachment_remove(actor=enterprise_admin, attachment=attachment)
    missing = [m for m in completeness.item_materials(application) if m["id"] == attachment.material_id]
    assert missing and not application.attachments.filter(material_id=attachment.material_id).exists()
    return application, attachment.material_id


def test_readyz_answers_200_from_both_nodes_through_nginx(cluster, worker, stored_pack):
    deadline = time.monotonic() + 30
    while True:  # the worker's first heartbeat, written as it starts
        status, _, _ = cluster.get("/readyz")
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    answers = [cluster.get("/readyz") for _ in range(4)]
    assert [status for status, _, _ in answers] == [200] * 4, answers
    for _, body, _ in answers:
        answer = json.loads(body)
        assert answer["status"] == "ok" and set(answer["checks"].values()) == {"ok"}, answer
        assert set(answer["checks"]) == {"database", "migrations", "policy_pack", "media_storage", "worker"}
    probes = [r for r in cluster.access_log() if r.path == "/readyz"][-4:]
    assert {cluster.node_named(r.served_by) for r in probes} == {"node-1", "node-2"}
    assert all(r.status == 200 and len(r.upstreams) == 1 for r in probes)  # each node answered for itself
    # HSTS comes from Django alone (production settings): once per response, not again from nginx.
    _, _, headers = cluster.get("/accounts/login/")
    assert headers.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains; preload"]


def _quiet_window_ip(period: int, margin: int) -> str:
    """A client address whose rate-limit window (django-ratelimit offsets each key's window by its CRC) does not
    end within `margin` seconds, so that a burst is counted in one window."""
    now = int(time.time())
    for last in range(1, 255):
        ip = f"198.51.100.{last}"
        end = now - now % period + zlib.crc32(ip.encode()) % period
        end = end + period if end < now else end
        if end - now > margin:
            return ip
    raise AssertionError("no address with a quiet window")


def _login(client: NodeClient, username: str, password: str):
    """Post the login form to the client's node, answering the CAPTCHA when the form asks for it (the answer is
    read from the database: the nodes and this test share it)."""
    from captcha.models import CaptchaStore

    page = client.get("/accounts/login/")
    data = {
        "username": username,
        "password": password,
        "csrfmiddlewaretoken": form_value(page.text, "csrfmiddlewaretoken"),
    }
    hashkey = form_value(page.text, "captcha_0")
    if hashkey:
        data |= {"captcha_0": hashkey, "captcha_1": CaptchaStore.objects.get(hashkey=hashkey).response}
    return client.post_form("/accounts/login/", data), bool(hashkey)


def test_lockout_and_rate_limits_hold_across_nodes(cluster, enterprise_user, stored_pack):
    cluster.nodes_running()
    one, two = (cluster.nodes[0].port, cluster.nodes[1].port)
    origin = cluster.base_url
    address = _quiet_window_ip(600, 60)
    clients = {port: NodeClient(port, client_ip=address, origin=origin) for port in (one, two)}

    # Five wrong passwords, on node-1, node-1, node-2, node-2, node-1: node-2 asks for the CAPTCHA at once (the
    # failures node-1 saw are in the database), and the fifth locks the account at this address.
    asked, answered = [], []
    for port in (one, one, two, two, one):
        response, captcha = _login(clients[port], enterprise_user.username, "Wrong-password-1")
        asked.append(captcha)
        answered.append((response.status, "用户名或密码错误" in response.text, "账号已临时锁定" in response.text))
    assert asked == [False, False, True, True, True]
    assert answered == [(200, True, False)] * 4 + [(429, False, True)]
    response, _ = _login(clients[two], enterprise_user.username, PASSWORD)  # the right password, on node-2
    assert response.status == 429 and "账号已临时锁定" in response.text
    assert "sessionid" not in clients[two].cookies

    # The eligibility API's limit (60 a minute per address), counted in Redis: 30 calls on each node pass, the
    # 61st is refused whichever node takes it.
    address = _quiet_window_ip(60, 30)
    clients = [NodeClient(port, client_ip=address) for port in (one, two)]
    statuses = [clients[i % 2].post_json("/eligibility/api/evaluate", {"facts": {}}).status for i in range(60)]
    assert set(statuses) == {200}, statuses
    refused = clients[1].post_json("/eligibility/api/evaluate", {"facts": {}})
    assert refused.status == 429 and int(refused.headers["retry-after"]) > 0
    assert clients[0].post_json("/eligibility/api/evaluate", {"facts": {}}).status == 429
    assert django_settings.RATE_LIMITS["eligibility_api"]["ip"] == "60/m"
    assert redis.Redis.from_url(two_nodes.REDIS_URL).keys("*rl:*")  # the counts are in Redis


def journey_in_browser(cluster: Cluster, *, username: str, application_pk: int, material_id: str) -> dict:
    """The person's journey in chromium: sign in, save the draft, upload, then node-1 stops and they submit.
    Every response the browser received, tagged with the phase, and what nginx had logged when node-1 stopped.

    Run in a thread of its own, with its own Playwright: a test process may already hold the e2e journeys'
    chromium (a session fixture of e2e/conftest.py), and one thread can run only one sync Playwright."""
    phase, responses = ["both nodes"], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 900}, ignore_https_errors=True, base_url=cluster.base_url
        )
        page = context.new_page()
        page.set_default_timeout(20000)
        page.on(
            "response",
            lambda r: responses.append((phase[0], r.request.method, r.url, r.status, r.headers.get("x-request-id"))),
        )
        # Sign in: the session is written by one node and read by the other from here on.
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

        # Save the draft with a new project name.
        page.goto(f"/applications/{application_pk}/")
        page.locator("#id_summary-project_name").fill("两节点智能产线改造")
        page.get_by_role("button", name="保存草稿").click()
        expect(page.locator(".messages")).to_contain_text("已保存")

        # Upload the missing material.
        slot = page.locator(f"#material-{material_id}")
        slot.locator("input[type=file]").set_input_files(
            {"name": "两节点证明.pdf", "mimeType": "application/pdf", "buffer": UPLOADED}
        )
        slot.get_by_role("button", name="上传", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("已上传")
        page.reload()
        expect(page.locator("#submit")).to_contain_text("所有必填内容、材料和承诺均已完成")

        # node-1 stops (systemctl stop: SIGTERM) mid-journey; the journey completes on node-2.
        cluster.node_stop(cluster.nodes[0])
        phase[0], logged_before_stop = "node-2 alone", len(cluster.access_log())
        page.reload()
        page.get_by_role("button", name="提交申报").click()
        page.wait_for_url("**/receipt/")
        receipt = page.locator("#receipt-number").inner_text()
        page.goto("/applications/")
        expect(page.locator("table.data-table")).to_contain_text(receipt)
        browser.close()
    return {"responses": responses, "receipt": receipt, "logged_before_stop": logged_before_stop}


def test_a_journey_alternates_between_nodes_and_survives_a_stopped_node(cluster, draft, enterprise_admin):
    from applications.models import Application, Attachment

    if not CHROMIUM.exists():
        pytest.fail(f"chromium is missing at {CHROMIUM}")  # e2e/conftest.py skips browser tests without it
    cluster.nodes_running()
    application, material_id = draft
    node_1, node_2 = (node.address for node in cluster.nodes)
    with ThreadPoolExecutor(max_workers=1) as thread:
        journey = thread.submit(
            journey_in_browser, cluster, username=enterprise_admin.username, application_pk=application.pk,
            material_id=material_id,
        ).result(timeout=300)  # fmt: skip
    responses, receipt = journey["responses"], journey["receipt"]

    # No session broke and nothing failed: no error status, and the sign-in page was seen once, at the start.
    assert not [r for r in responses if r[3] >= 400], [r for r in responses if r[3] >= 400]
    assert [r[2] for r in responses if "/accounts/login/" in r[2]] == [f"{cluster.base_url}/accounts/login/"] * 2

    # Which node served each page and form (not the static files): nginx's log, joined to the browser's responses
    # by the request id that nginx sets and the application returns.
    served = {record.request_id: record for record in cluster.access_log()}
    nodes = {
        when: [(method, cluster.node_named(served[rid].served_by)) for (at, method, url, _, rid) in responses
               if at == when and "/static/" not in url]
        for when in ("both nodes", "node-2 alone")
    }  # fmt: skip
    both = [node for _, node in nodes["both nodes"]]
    switches = sum(a != b for a, b in zip(both, both[1:]))
    assert {"node-1", "node-2"} <= set(both) and switches >= 3, nodes["both nodes"]  # the session went back and forth
    assert {node for _, node in nodes["node-2 alone"]} == {"node-2"}, nodes["node-2 alone"]
    assert ("POST", "node-2") in nodes["node-2 alone"]  # the submission
    # nginx did try the stopped node, and passed that request on to node-2.
    after_stop = cluster.access_log()[journey["logged_before_stop"] :]
    assert any(r.upstreams == [node_1, node_2] and r.status < 500 for r in after_stop), after_stop

    # Nothing is lost: the saved name, the file (in the one media folder, byte for byte), the submission.
    application = Application.objects.get(pk=application.pk)
    assert application.receipt_number == receipt and application.status == "submitted"
    assert application.project_name == "两节点智能产线改造"
    uploaded = Attachment.objects.get(application=application, material_id=material_id)
    assert uploaded.original_name == "两节点证明.pdf" and uploaded.sha256 == hashlib.sha256(UPLOADED).hexdigest()
    assert (cluster.folder / "var" / "media" / uploaded.file.name).read_bytes() == UPLOADED
