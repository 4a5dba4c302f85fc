"""Run the fake SolisCloud as its own process for the browser tests' Home Assistant.

``python -m tests.browser.fake_solis API_ID SECRET SERIAL`` prints the base URL on its first line
and serves until its standard input closes (the test that started it ended or died).
"""

from __future__ import annotations

import asyncio
import sys

from tests.plant.soliscloud.fake_server import FakeSolisCloud


async def serve(api_id: str, secret: str, serial: str) -> None:
    """Serve one account with one inverter until stdin reaches its end."""
    server = FakeSolisCloud({api_id: secret})
    server.add_inverter(serial, api_id)
    print(await server.start(), flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    await server.close()


if __name__ == "__main__":
    asyncio.run(serve(*sys.argv[1:4]))
