#!/usr/bin/env python3
"""Property-based test of the mobile API against the OpenAPI document it serves.

Starts the release server on a fresh SQLite database, signs in through the API itself,
records real-name details, signs the pledge, submits one application and opens a new
draft (so generated requests for "my draft" and "my application" find something), then
runs Schemathesis over every operation with the checks the issue asks for: no server
errors, and every response (status, content type, headers, body) as the document says.

Usage: property_test.py SCHEMATHESIS_BINARY
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PORT = int(os.environ.get("PORTAL_ST_PORT", "3212"))
BASE = f"http://127.0.0.1:{PORT}"
CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
])


def call(method, path, token=None, body=None, key=False):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if body is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    if key:
        req.add_header("idempotency-key", f"setup-{uuid.uuid4()}")
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            text = res.read().decode()
            return res.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode() or "null")


def expect(status, body, want, what):
    if status != want:
        sys.exit(f"setup failed at {what}: HTTP {status} {body}")
    return body


def sign_in(db, phone):
    _, sent = call("POST", "/api/v1/auth/code", body={"phone": phone})
    row = sqlite3.connect(db).execute("SELECT body FROM sms_outbox WHERE phone = ? ORDER BY created_at DESC", (phone,)).fetchone()
    code = re.search(r"\d{6}", row[0]).group()
    status, issued = call("POST", "/api/v1/auth/token", body={"challenge_id": sent["challenge_id"], "code": code})
    return expect(status, issued, 201, "token")["access_token"]


def prepare(db):
    token = sign_in(db, "13700000001")
    expect(*call("PUT", "/api/v1/me/identity", token, {"full_name": "王小明", "id_number": "11010519491231002X", "consent": True}), 200, "identity")
    _, text = call("GET", "/api/v1/pledge?area=320104", token)
    expect(*call("POST", "/api/v1/pledge/signatures", token, {"text_id": text["text_id"], "answer": 1, "signer_name": "王小明"}, key=True), 201, "pledge")
    steps = [
        ("who", {"for_whom": "self"}),
        ("programme", {"programme": "temporary"}),
        ("residence", {"district": "320104", "subdistrict": "320104001", "community": "320104001001", "address": "中牌楼 3 栋", "hukou_local": "no", "months": "8"}),
        ("household", {"members": "1", "m0_age": "40"}),
        ("income", {"income": "1500", "savings": "2000"}),
        ("spending", {"medical": "30000", "event": "serious_illness", "event_date": "2026-10-01", "event_loss": "30000"}),
        ("payment", {"pay_holder": "王小明", "pay_bank": "农业银行", "pay_account": "6228480123456789012"}),
    ]
    draft = expect(*call("POST", "/api/v1/drafts", token, {}, key=True), 201, "draft")["id"]
    for step, fields in steps:
        expect(*call("PUT", f"/api/v1/drafts/{draft}/steps/{step}", token, {"fields": fields}), 200, step)
    reference = expect(*call("POST", "/api/v1/applications", token, {"draft_id": draft}, key=True), 201, "submit")["reference"]
    next_draft = expect(*call("POST", "/api/v1/drafts", token, {}, key=True), 201, "second draft")["id"]
    return token, next_draft, reference


def main():
    schemathesis = os.path.abspath(sys.argv[1])
    server = os.environ.get("PORTAL_ST_SERVER") or os.path.join(ROOT, "target", "release", "server")
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "portal.db")
        env = dict(
            os.environ,
            PORTAL_BIND=f"127.0.0.1:{PORT}",
            PORTAL_DATABASE_URL=f"sqlite://{db}",
            PORTAL_UPLOAD_DIR=os.path.join(tmp, "uploads"),
            PORTAL_SITE_ROOT=os.path.join(ROOT, "target", "site"),
            PORTAL_DEV_OUTBOX="1",
            PORTAL_LOG="warn",
            # The run sends thousands of requests on one token; the limits have their own tests.
            PORTAL_API_PER_TOKEN_PER_MINUTE="1000000",
            PORTAL_API_PER_PHONE_PER_MINUTE="1000000",
        )
        log = open(os.path.join(tmp, "server.log"), "w")
        proc = subprocess.Popen([server], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(BASE + "/readyz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            token, draft, reference = prepare(db)
            run_env = dict(os.environ, PORTAL_ST_DRAFT=draft, PORTAL_ST_REFERENCE=reference)
            command = [
                schemathesis, "--config-file", os.path.join(ROOT, "end2end", "api", "schemathesis.toml"),
                "run", BASE + "/api/v1/openapi.json",
                "--checks", CHECKS,
                "--header", f"Authorization: Bearer {token}",
                # Signing out would end the token the run uses; both have their own tests.
                "--exclude-operation-id", "sign_out",
                "--exclude-operation-id", "sign_out_everywhere",
                "--seed", os.environ.get("PORTAL_ST_SEED", "20261130"),
                "--no-color",
            ]
            code = subprocess.call(command, env=run_env, cwd=tmp)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            log.close()
            if proc.returncode not in (0, -15):
                print(open(os.path.join(tmp, "server.log")).read()[-4000:])
        sys.exit(code)


if __name__ == "__main__":
    main()
