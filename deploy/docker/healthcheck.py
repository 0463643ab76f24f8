"""Container health check: the service answers /health on its port (no curl in the image)."""

import os
import sys
import urllib.request

port = os.environ.get(f"{os.environ['SERVICE'].upper()}_HTTP_PORT") or os.environ.get("RENT_HTTP_PORT", "8000")
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=3) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError:
    sys.exit(1)
