"""Checks GET /metrics of a running Charter with Prometheus' own parser (prometheus-client's
text_string_to_metric_families): the page parses, every family the issue asks for is there with the right type,
histograms are consistent, and the counters moved with the requests this script made.

    python Tests/metrics/check.py --base http://127.0.0.1:8080 --key chk_... [--listener http://127.0.0.1:9464]
"""
import argparse
import gzip
import sys
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

EXPECTED = {
    "charter_http_requests": "counter",
    "charter_http_request_duration_seconds": "histogram",
    "charter_http_request_bytes": "counter",
    "charter_http_response_bytes": "counter",
    "charter_http_response_body_bytes": "counter",
    "charter_http_connections_open": "gauge",
    "charter_http_connections_idle": "gauge",
    "charter_http_connections_max": "gauge",
    "charter_http_connections_rejected": "counter",
    "charter_http_accept_failures": "counter",
    "charter_http_worker_queue_depth": "gauge",
    "charter_http_workers": "gauge",
    "charter_http_worker_queue_rejections": "counter",
    "charter_http_request_timeouts": "counter",
    "charter_build_info": "gauge",
    "charter_db_pool_waits": "counter",
    "charter_db_pool_wait_seconds": "counter",
    "charter_db_statement_cache": "counter",
    "charter_rate_limited_requests": "counter",
}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def get(url, key=None, headers=None):
    request = urllib.request.Request(url, headers=dict(headers or {}))
    if key:
        request.add_header("Authorization", "Bearer " + key)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def families(text):
    return {family.name: family for family in text_string_to_metric_families(text)}


def sample(fams, family, name, **labels):
    for s in fams[family].samples:
        if s.name == name and s.labels == labels:
            return s.value
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--key", required=True, help="an admin API key")
    parser.add_argument("--listener", help="the metricsListen address, if configured")
    args = parser.parse_args()

    status, _, _ = get(args.base + "/metrics")
    check(status == 401, f"/metrics without a key answered {status}, expected 401")

    status, headers, body = get(args.base + "/metrics", args.key)
    check(status == 200, f"/metrics with an admin key answered {status}")
    check(headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"), f"content type {headers}")
    before = families(body.decode())

    for _ in range(5):
        get(args.base + "/health")
    get(args.base + "/api/v1/projects/7654321", args.key)
    status, headers, zipped = get(args.base + "/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"})
    check(status == 200 and headers.get("Content-Encoding") == "gzip", "openapi.json was not gzipped")
    plain = gzip.decompress(zipped)

    status, _, body = get(args.base + "/metrics", args.key)
    text = body.decode()
    after = families(text)
    for name, kind in EXPECTED.items():
        check(name in after, f"family {name} missing")
        if name in after:
            check(after[name].type == kind, f"{name} is {after[name].type}, expected {kind}")
    check("7654321" not in text, "a raw path reached a label")

    def delta(name, **labels):
        return (sample(after, "charter_http_requests", name, **labels) or 0) - (
            sample(before, "charter_http_requests", name, **labels) or 0
        )

    check(delta("charter_http_requests_total", method="GET", route="/health", status="200") == 5, "/health not counted 5 times")
    check(
        delta("charter_http_requests_total", method="GET", route="/api/v1/projects/:id", status="404") == 1,
        "the 404 on /api/v1/projects/:id was not counted once",
    )

    # Histograms: buckets cumulative, +Inf equal to _count, for every series.
    series = {}
    for s in after["charter_http_request_duration_seconds"].samples:
        key = (s.labels.get("method"), s.labels.get("route"))
        series.setdefault(key, {"buckets": [], "count": None})
        if s.name.endswith("_bucket"):
            series[key]["buckets"].append((float(s.labels["le"]), s.value))
        elif s.name.endswith("_count"):
            series[key]["count"] = s.value
    check(len(series) >= 3, f"only {len(series)} histogram series")
    for key, data in series.items():
        buckets = sorted(data["buckets"])
        values = [v for _, v in buckets]
        check(values == sorted(values), f"buckets of {key} are not cumulative")
        check(buckets and buckets[-1][0] == float("inf") and buckets[-1][1] == data["count"], f"+Inf != count for {key}")

    def body_bytes(fams, stage):
        return sample(fams, "charter_http_response_body_bytes", "charter_http_response_body_bytes_total", stage=stage)

    sent = body_bytes(after, "sent") - body_bytes(before, "sent")
    uncompressed = body_bytes(after, "uncompressed") - body_bytes(before, "uncompressed")
    check(uncompressed - sent >= len(plain) - len(zipped), f"gzip savings not counted ({uncompressed} vs {sent})")
    check(sample(after, "charter_build_info", "charter_build_info", **after["charter_build_info"].samples[0].labels) == 1, "build info is not 1")
    check(
        (sample(after, "charter_db_statement_cache", "charter_db_statement_cache_total", result="hit") or 0) > 0,
        "no statement-cache hits",
    )

    if args.listener:
        status, _, body = get(args.listener + "/metrics")
        check(status == 200, f"the metrics listener answered {status}")
        check("charter_http_requests_total" in families(body.decode()) or "charter_http_requests" in families(body.decode()), "the listener's page lacks requests")
        status, _, _ = get(args.listener + "/health")
        check(status == 404, f"the metrics listener served /health ({status})")

    print(f"metrics: {len(after)} families parsed, {sum(len(f.samples) for f in after.values())} samples;",
          "ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
