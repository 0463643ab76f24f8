"""Run the console: ``python -m console``."""

import uvicorn

from console.app import create_app
from console.config import ConsoleSettings
from shared.logging import configure_logging


def main() -> None:
    settings = ConsoleSettings()
    configure_logging(settings.service_name, settings.log_level, json_output=settings.log_json)
    uvicorn.run(create_app(settings), host=settings.bind_host, port=settings.http_port, log_config=None,
                loop="uvloop", http="httptools", proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                timeout_graceful_shutdown=5)


if __name__ == "__main__":
    main()
