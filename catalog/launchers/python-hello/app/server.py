"""Python Hello: a standard-library web page that reports the interpreter and virtual environment serving it."""
import argparse
import html
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def environment():
    return {
        "python": sys.version.split()[0],
        "prefix": sys.prefix,
        "in_venv": sys.prefix != sys.base_prefix,
        "virtual_env": os.environ.get("VIRTUAL_ENV"),
        "base_path": os.environ.get("HANGAR_BASE_PATH"),
    }


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Python Hello</title>
<meta name="color-scheme" content="light dark">
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}td{{padding:.2rem .8rem}}</style>
</head><body>
<h1>Hello from Python {python}</h1>
<p>Served by <code>http.server</code> from a virtual environment: <strong>{in_venv}</strong></p>
<table>
<tr><td>sys.prefix</td><td><code>{prefix}</code></td></tr>
<tr><td>VIRTUAL_ENV</td><td><code>{virtual_env}</code></td></tr>
<tr><td>proxy base</td><td><code>{base_path}</code></td></tr>
</table>
<p><a href="info.json">info.json</a></p>
</body></html>
"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html"):
            # An unset or empty value reads "(none)", not an empty cell or Python's None.
            info = {
                key: html.escape("(none)" if value in (None, "") else str(value))
                for key, value in environment().items()
            }
            self.reply(200, "text/html; charset=utf-8", PAGE.format(**info))
        elif path == "/info.json":
            self.reply(200, "application/json", json.dumps(environment()))
        else:
            self.reply(404, "text/plain; charset=utf-8", "not found\n")

    def reply(self, status, content_type, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"Python Hello serving on http://{args.host}:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        # Ctrl-C in the terminal is the normal way to stop: close the socket quietly.
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
