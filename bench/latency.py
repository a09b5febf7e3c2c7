"""Sequential request latencies over one keep-alive connection, for bench/chat.sh.

    python3 latency.py PORT PATH BODY_JSON COUNT [ttfb] [HEADER:VALUE ...]

Prints p50 and p99 in milliseconds of the whole response, or with `ttfb` of the time to
the first byte of the body (the first streamed event).
"""
import http.client
import sys
import time

port, path, body, count, *rest = sys.argv[1:]
ttfb = bool(rest) and rest[0] == "ttfb"
headers = {"Content-Type": "application/json"}
for header in rest[1:] if ttfb else rest:
    name, value = header.split(":", 1)
    headers[name] = value.strip()
connection = http.client.HTTPConnection("127.0.0.1", int(port))
samples = []
for _ in range(int(count)):
    start = time.perf_counter()
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    if response.status != 200:
        sys.exit(f"{path}: HTTP {response.status} {response.read()[:200]!r}")
    response.read(1)
    first = time.perf_counter()
    response.read()
    end = time.perf_counter()
    samples.append(((first if ttfb else end) - start) * 1000)
samples.sort()  # chat.sh runs a warm-up pass first; every request of this one counts
print(f"{samples[len(samples) // 2]:.3f} {samples[int(len(samples) * 0.99) - 1]:.3f}")
