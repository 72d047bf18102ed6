#!/bin/bash
# Example web.bootScript (docs/run-your-application.md): a small Python application behind Apache.
#
# Runs as root on every new web server, after the base setup has installed and started Apache on
# web.port with its KeepAliveTimeout; the base setup writes its health file only once this script
# has succeeded (below, Apache forwards /health to the application anyway). The application listens on 127.0.0.1 only;
# Apache forwards / to it, so the load balancer's port, the security groups and Apache's
# keep-alive towards the load balancer stay as they are. Python 3 ships with Amazon Linux 2023:
# nothing is downloaded, so this script needs no network.
set -euo pipefail

APP_DIR=/opt/example-app
APP_PORT=8080

install -d -m 0755 "$APP_DIR"
cat > "$APP_DIR/app.py" <<'PY'
"""A tiny HTTP application: / greets, /health answers for the load balancer."""
import json
import os
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            self.answer(200, "text/plain; charset=utf-8", b"ok\n")
        elif self.path == "/":
            body = {"message": "Hello from the example application", "server": socket.gethostname()}
            self.answer(200, "application/json", (json.dumps(body) + "\n").encode())
        else:
            self.answer(404, "text/plain; charset=utf-8", b"not found\n")

    def answer(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        # To stdout, which systemd keeps in the journal: journalctl -u example-app
        print("%s %s" % (self.address_string(), format % args), flush=True)


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("APP_PORT", "8080"))), Handler).serve_forever()
PY

cat > /etc/systemd/system/example-app.service <<UNIT
[Unit]
Description=Example application (web.bootScript)
After=network-online.target

[Service]
Environment=APP_PORT=$APP_PORT
ExecStart=/usr/bin/python3 $APP_DIR/app.py
# A user of its own, made for the service, with a read-only view of the system.
DynamicUser=yes
ProtectSystem=strict
Restart=always

[Install]
WantedBy=multi-user.target
UNIT

# Apache forwards everything but the database status page to the application, /health included:
# the load balancer then judges the application, not only Apache. Exclusions come before /.
# conf.d is read after conf.modules.d: the proxy modules are loaded here only if not already.
cat > /etc/httpd/conf.d/example-app.conf <<CONF
<IfModule !proxy_module>
  LoadModule proxy_module modules/mod_proxy.so
</IfModule>
<IfModule !proxy_http_module>
  LoadModule proxy_http_module modules/mod_proxy_http.so
</IfModule>
ProxyPass /db-status !
ProxyPass / http://127.0.0.1:$APP_PORT/
ProxyPassReverse / http://127.0.0.1:$APP_PORT/
CONF

systemctl daemon-reload
systemctl enable --now example-app
apachectl configtest
systemctl reload httpd
