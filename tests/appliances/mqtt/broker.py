"""A real Mosquitto broker on a free loopback port, for tests and benchmarks.

It runs with a throw-away configuration (loopback listener, anonymous clients, no persistence),
can be restarted on the same port (a broker restart as clients see it), and is always stopped.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

CANDIDATES = ("mosquitto", "/usr/sbin/mosquitto")


def mosquitto_binary() -> str | None:
    """Where mosquitto is installed (scripts/setup installs it), or None."""
    for candidate in CANDIDATES:
        if found := shutil.which(candidate):
            return found
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MosquittoBroker:
    """``start()``, ``restart()``, ``stop()``; ``host``/``port`` for clients."""

    host = "127.0.0.1"

    def __init__(self, binary: str, port: int | None = None) -> None:
        self.binary = binary
        self.port = port or free_port()
        self._dir = Path(tempfile.mkdtemp(prefix="voltwise-mosquitto-"))
        self._config = self._dir / "mosquitto.conf"
        self._config.write_text(
            f"listener {self.port} 127.0.0.1\n"
            "allow_anonymous true\n"
            "persistence false\n"
            "log_dest stderr\n"
            "log_type error\n"
            "max_queued_messages 100000\n"
            "max_inflight_messages 0\n"
        )
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 10) -> None:
        """Start and wait until it accepts connections."""
        self._process = subprocess.Popen(
            [self.binary, "-c", str(self._config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"mosquitto exited: {self._process.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start")

    def stop(self) -> None:
        """Stop it (its retained messages go with it: no persistence)."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(5)
            if self._process.stderr is not None:
                self._process.stderr.close()
            self._process = None

    def restart(self) -> None:
        """Stop and start again on the same port, as a broker restart looks to its clients."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop and remove the configuration."""
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)
