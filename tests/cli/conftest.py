import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Ran:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def runner(config: Path, gateway: str = "http://127.0.0.1:9"):
    """A function that runs rentctl as a user would, with its own config folder."""

    def run(*args: str, timeout: float = 120) -> Ran:
        env = dict(os.environ, RENTCTL_CONFIG_DIR=str(config), RENTCTL_GATEWAY=gateway, COLUMNS="200",
                   NO_COLOR="1", TERM="dumb")
        done = subprocess.run([sys.executable, "-m", "rentctl", *args], env=env, capture_output=True, text=True,
                              timeout=timeout)
        return Ran(done.returncode, done.stdout, done.stderr)

    run.config = config
    return run


@pytest.fixture
def rentctl(tmp_path):
    return runner(tmp_path / "rentctl")


@pytest.fixture(scope="session")
def make_rentctl():
    """make_rentctl(config_dir, gateway_url) -> a rentctl runner (for module-wide fixtures)."""
    return runner
