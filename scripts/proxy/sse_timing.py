#!/usr/bin/env python3
"""Streams a chat reply through a proxy and says when each part arrived.

  sse_timing.py URL CA_FILE ACCESS_TOKEN MIN_SPREAD_SECONDS

POSTs {"message": ...} with Accept: text/event-stream and reads the body as it comes. Exits
0 when the first streamed token arrived at least MIN_SPREAD_SECONDS before the stream ended
(the proxy passed it through), 1 when everything came at once (it buffered), 2 on errors.
"""

import http.client
import json
import ssl
import sys
import time
import urllib.parse

url, ca_file, token, min_spread = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
target = urllib.parse.urlsplit(url)
context = ssl.create_default_context(cafile=ca_file)
connection = http.client.HTTPSConnection(target.hostname, target.port, context=context, timeout=30)
body = json.dumps({"message": "stream through the proxy, please"})
start = time.monotonic()
connection.request("POST", target.path, body=body, headers={
    "Content-Type": "application/json", "Accept": "text/event-stream",
    "Authorization": "Bearer " + token, "X-Forwarded-For": "192.0.2.99"})
response = connection.getresponse()
if response.status != 200:
    print(f"status {response.status}: {response.read()[:300]!r}")
    sys.exit(2)
arrivals = []
buffer = b""
while True:
    data = response.read1(65536)
    if not data:
        break
    now = time.monotonic() - start
    buffer += data
    while b"\n\n" in buffer:
        event, buffer = buffer.split(b"\n\n", 1)
        arrivals.append((now, event.decode(errors="replace").replace("\n", " | ")[:80]))
end = time.monotonic() - start
tokens = [at for at, event in arrivals if "event:token" in event.replace(" ", "") or "word" in event]
for at, event in arrivals:
    print(f"  {at:6.2f}s  {event}")
if not tokens:
    print("no streamed token arrived")
    sys.exit(2)
spread = end - tokens[0]
print(f"first token at {tokens[0]:.2f}s, stream ended at {end:.2f}s: spread {spread:.2f}s (need >= {min_spread}s)")
sys.exit(0 if spread >= min_spread else 1)
