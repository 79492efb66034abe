// The stand-in for every app a launcher starts: a stdlib Python HTTP server that prints the lines launchers wait for.

/**
 * Takes its port from the usual flags (`--port`, `--server-port`, `--listen-port`, `-p`) or PORT /
 * GRADIO_SERVER_PORT, else the first free port from 7860 as Gradio does, then prints the lines of a Gradio, an
 * A1111, a Uvicorn and a ComfyUI app naming its URL and answers every GET with a page naming itself.
 */
export const STANDIN_SERVER_PY = `import http.server, os, socket, sys

def wanted_port():
    args = sys.argv[1:]
    for i, a in enumerate(args):
        for flag in ("--port", "--server-port", "--server_port", "--listen-port", "-p"):
            if a == flag and i + 1 < len(args):
                return int(args[i + 1])
            if a.startswith(flag + "="):
                return int(a.split("=", 1)[1])
    for key in ("PORT", "GRADIO_SERVER_PORT"):
        if os.environ.get(key):
            return int(os.environ[key])
    return None

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("<html><body>stand-in for " + os.getcwd() + "</body></html>").encode()
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

def serve():
    port = wanted_port()
    candidates = [port] if port else range(7860, 7960)
    for p in candidates:
        try:
            server = http.server.HTTPServer(("127.0.0.1", p), Handler)
            break
        except OSError:
            server = None
    if server is None:
        # What uvicorn prints for a taken port, so Hangar's port-conflict retry sees a real server's words.
        sys.exit("ERROR: [Errno 98] error while attempting to bind on address ('127.0.0.1', %d): address already in use" % candidates[-1])
    url = "http://127.0.0.1:%d" % server.server_port
    print("Launching Web UI with arguments: " + " ".join(sys.argv[1:]))
    print("Started server process [%d]" % os.getpid())
    print("Starting server at " + url)
    print("Running on local URL:  " + url, flush=True)
    server.serve_forever()

serve()
`;

/** A script that only reports success (an app's own install.py and the like). */
export const STANDIN_INSTALL_PY = `import sys
print("stand-in install.py", " ".join(sys.argv[1:]), "done", flush=True)
`;
