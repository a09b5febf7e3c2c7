#!/usr/bin/env python3
"""A local model server speaking the OpenAI chat-completions wire format that streams its
answer slowly: WORDS chunks, GAP seconds apart. It lets run.sh tell a proxy that passes a
stream through from one that buffers it.

  slow_model.py PORT_FILE [WORDS] [GAP]    (listens on 127.0.0.1, a free port written to PORT_FILE)
"""

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = int(sys.argv[2]) if len(sys.argv) > 2 else 6
GAP = float(sys.argv[3]) if len(sys.argv) > 3 else 0.4


def chunk(delta, finish=None, usage=None):
    body = {"id": "slow", "object": "chat.completion.chunk", "created": 1, "model": "slow-model",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    if usage:
        body["usage"] = usage
    return ("data: " + json.dumps(body) + "\n\n").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = json.dumps({"object": "list", "data": [{"id": "slow-model", "object": "model",
                                                       "created": 1, "owned_by": "stub"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        for i in range(WORDS):
            self.wfile.write(chunk({"content": f"word{i} "}))
            self.wfile.flush()
            time.sleep(GAP)
        self.wfile.write(chunk({}, "stop", {"prompt_tokens": 3, "completion_tokens": WORDS,
                                            "total_tokens": 3 + WORDS}))
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as handle:
    handle.write(str(server.server_address[1]))
server.serve_forever()
