"""A fake Tuya smart plug that speaks the LAN wire protocol (3.3, 3.4 and 3.5) on loopback.

Written from the protocol description (../shared/facts/tuya.md), not from tinytuya, so the real
tinytuya client is tested against an independent peer:

- 3.3: ``000055AA`` frames with CRC32; payloads AES-128-ECB with the local key (PKCS7); CONTROL
  payloads and status pushes carry a clear ``3.3`` + 12 zero bytes header.
- 3.4: the same frames with HMAC-SHA256 instead of CRC32, after a session-key handshake (client
  nonce; device nonce + HMAC of the client nonce; client HMAC of the device nonce); the session
  key is AES-ECB(local key, nonce A XOR nonce B); payloads (header included) are encrypted.
- 3.5: ``00006699`` frames, AES-GCM with the session key (AES-GCM of the XOR with the client
  nonce's first 12 bytes as IV); the 14 header bytes after the prefix are associated data.

Device-to-client frames carry a 4-byte return code before the payload. The plug answers status
queries, applies control commands (then pushes the new state, as real plugs do), answers
heartbeats, pushes state when its button is pressed, counts energy from its load, can reset its
counter, and can go away and come back on the same port. A client with the wrong key gets
nothing it can decrypt, as with a real plug.
"""

from __future__ import annotations

import binascii
import contextlib
import hashlib
import hmac
import json
import os
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX_55AA = 0x000055AA
SUFFIX_55AA = 0x0000AA55
PREFIX_6699 = 0x00006699
SUFFIX_6699 = 0x00009966

SESS_KEY_NEG_START = 3
SESS_KEY_NEG_RESP = 4
SESS_KEY_NEG_FINISH = 5
CONTROL = 7
STATUS = 8
HEART_BEAT = 9
DP_QUERY = 10
CONTROL_NEW = 13
DP_QUERY_NEW = 16
UPDATEDPS = 18


class FrameError(Exception):
    """A frame this plug cannot read (wrong key, corrupt, truncated)."""


def pkcs7_pad(data: bytes) -> bytes:
    pad = 16 - len(data) % 16
    return data + bytes([pad]) * pad


def pkcs7_unpad(data: bytes) -> bytes:
    if not data or len(data) % 16:
        raise FrameError("not a whole number of blocks")
    pad = data[-1]
    if not 1 <= pad <= 16 or data[-pad:] != bytes([pad]) * pad:
        raise FrameError("bad padding (wrong key?)")
    return data[:-pad]


def ecb_encrypt(key: bytes, data: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(pkcs7_pad(data)) + encryptor.finalize()


def ecb_decrypt(key: bytes, data: bytes) -> bytes:
    decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    return pkcs7_unpad(decryptor.update(data) + decryptor.finalize())


def ecb_encrypt_block(key: bytes, block: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


@dataclass
class Frame:
    """A decoded frame: what the client sent."""

    seqno: int
    cmd: int
    payload: bytes


def encode_55aa(seqno: int, cmd: int, body: bytes, hmac_key: bytes | None) -> bytes:
    """A device-to-client 55AA frame; ``body`` already includes the return code."""
    trailer = 32 if hmac_key else 4
    header = struct.pack(">4I", PREFIX_55AA, seqno, cmd, len(body) + trailer + 4)
    data = header + body
    check = (
        hmac.new(hmac_key, data, hashlib.sha256).digest()
        if hmac_key
        else struct.pack(">I", binascii.crc32(data) & 0xFFFFFFFF)
    )
    return data + check + struct.pack(">I", SUFFIX_55AA)


def decode_55aa(data: bytes, hmac_key: bytes | None) -> Frame:
    """A client-to-device 55AA frame (no return code)."""
    prefix, seqno, cmd, length = struct.unpack(">4I", data[:16])
    if prefix != PREFIX_55AA:
        raise FrameError("bad prefix")
    trailer = 32 if hmac_key else 4
    end = 16 + length
    body, check = data[16 : end - 4 - trailer], data[end - 4 - trailer : end - 4]
    expected = (
        hmac.new(hmac_key, data[: end - 4 - trailer], hashlib.sha256).digest()
        if hmac_key
        else struct.pack(">I", binascii.crc32(data[: end - 4 - trailer]) & 0xFFFFFFFF)
    )
    if not hmac.compare_digest(check, expected):
        raise FrameError("checksum mismatch (wrong key?)")
    return Frame(seqno, cmd, body)


def encode_6699(seqno: int, cmd: int, plaintext: bytes, key: bytes) -> bytes:
    """A 3.5 frame: IV, AES-GCM ciphertext and tag, header bytes as associated data."""
    iv = os.urandom(12)
    length = 12 + len(plaintext) + 16
    header = struct.pack(">IHIII", PREFIX_6699, 0, seqno, cmd, length)
    sealed = AESGCM(key).encrypt(iv, plaintext, header[4:])  # ciphertext + tag
    return header + iv + sealed + struct.pack(">I", SUFFIX_6699)


def decode_6699(data: bytes, key: bytes) -> Frame:
    prefix, _unknown, seqno, cmd, length = struct.unpack(">IHIII", data[:18])
    if prefix != PREFIX_6699:
        raise FrameError("bad prefix")
    iv, sealed = data[18:30], data[30 : 18 + length]
    try:
        plaintext = AESGCM(key).decrypt(iv, sealed, data[4:18])
    except Exception as err:
        raise FrameError("GCM tag mismatch (wrong key?)") from err
    return Frame(seqno, cmd, plaintext)


def read_frame(sock: socket.socket) -> bytes:
    """One whole frame from the socket (55AA or 6699)."""
    head = _recv_exactly(sock, 4)
    if head == struct.pack(">I", PREFIX_55AA):
        rest = _recv_exactly(sock, 12)
        length = struct.unpack(">I", rest[8:12])[0]
        return head + rest + _recv_exactly(sock, length)
    if head == struct.pack(">I", PREFIX_6699):
        rest = _recv_exactly(sock, 14)
        length = struct.unpack(">I", rest[10:14])[0]
        return head + rest + _recv_exactly(sock, length + 4)
    raise FrameError("unknown prefix")


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


@dataclass
class Session:
    """One client connection's protocol state."""

    sock: socket.socket
    key: bytes  # the local key until a 3.4/3.5 session key is agreed
    local_nonce: bytes = b""
    remote_nonce: bytes = field(default_factory=lambda: os.urandom(16))
    seqno: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeTuyaPlug:
    """The plug. Thread-safe; call ``start()`` and always ``stop()``."""

    def __init__(self, device_id: str, local_key: str, version: str, *, port: int = 0) -> None:
        self.device_id = device_id
        self.local_key = local_key.encode("latin1")
        self.version = version
        self.port = port
        self.dps: dict[str, Any] = {"1": False, "9": 0, "17": 0, "18": 0, "19": 0, "20": 2301}
        self.load_w = 0.0  # what the appliance draws while the relay is on
        self.requests: list[int] = []  # commands received, in order
        self.ignore_control = False  # acknowledge commands but do not switch (a stuck relay)
        self.hung = False  # accept connections and read requests, answer nothing (a frozen plug)
        # A slow plug: commands are carried out and answered this many seconds after they came.
        self.answer_delay = 0.0
        # Requests that came while a command was still being carried out (a client that does
        # not wait for its answer before talking again).
        self.requests_while_busy: list[int] = []
        self._busy = 0
        self._flooding = threading.Event()
        self._lock = threading.RLock()
        self._listener: socket.socket | None = None
        self._sessions: list[Session] = []
        self._threads: list[threading.Thread] = []
        self._running = threading.Event()
        self._energy_wh = 0.0

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        """Listen (again) on the same port."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(8)
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._running.set()
        self._spawn(self._accept_loop)

    def stop(self) -> None:
        """Go away: stop listening and drop every connection (a power cut)."""
        self._running.clear()
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            with contextlib.suppress(OSError):
                session.sock.shutdown(socket.SHUT_RDWR)
            session.sock.close()
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads = []

    def _spawn(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name="fake-tuya-plug")
        self._threads.append(thread)
        thread.start()

    # -- what a person or the appliance does --------------------------------------------------

    def press_button(self) -> None:
        """Toggle the relay by hand; the plug pushes its new state to connected clients."""
        with self._lock:
            self.dps["1"] = not self.dps["1"]
            self._refresh_measurements()
            changed = {"1": self.dps["1"], "19": self.dps["19"], "18": self.dps["18"]}
        self._push(changed)

    def set_load(self, watts: float) -> None:
        """What the appliance behind the plug draws while the relay is on."""
        with self._lock:
            self.load_w = watts
            self._refresh_measurements()

    def reset_counter(self) -> None:
        """Cheap plugs reset their energy counter (reboot, cloud upload)."""
        with self._lock:
            self._energy_wh = 0.0
            self.dps["17"] = 0

    def advance_energy(self, hours: float) -> None:
        """Count ``hours`` of the present load into the counter (tests move time by hand)."""
        with self._lock:
            if self.dps["1"]:
                self._energy_wh += self.load_w * hours
            self.dps["17"] = int(self._energy_wh)

    def start_flood(self) -> None:
        """Keep pushing the whole state to every client, as fast as the network takes it."""
        self._flooding.set()
        self._spawn(self._flood)

    def stop_flood(self) -> None:
        """Stop pushing (the thread ends at its next frame)."""
        self._flooding.clear()

    def _flood(self) -> None:
        while self._flooding.is_set() and self._running.is_set():
            with self._lock:
                dps = dict(self.dps)
            self._push(dps)

    def _refresh_measurements(self) -> None:
        watts = self.load_w if self.dps["1"] else 0.0
        self.dps["19"] = round(watts * 10)  # 0.1 W
        self.dps["18"] = round(watts / (self.dps["20"] / 10) * 1000)  # mA

    # -- protocol ------------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while self._running.is_set():
            listener = self._listener
            if listener is None:
                return
            try:
                sock, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            session = Session(sock, self.local_key)
            with self._lock:
                self._sessions.append(session)
            self._spawn(self._serve, session)

    def _serve(self, session: Session) -> None:
        try:
            while self._running.is_set():
                raw = read_frame(session.sock)
                try:
                    frame = self._decode(session, raw)
                except FrameError:
                    self._answer_garbage(session, raw)
                    continue
                self.requests.append(frame.cmd)
                if self._busy:
                    self.requests_while_busy.append(frame.cmd)
                if self.hung:
                    continue
                if frame.cmd in (CONTROL, CONTROL_NEW) and self.answer_delay:
                    with self._lock:
                        self._busy += 1
                    self._spawn(self._handle_late, session, frame)
                else:
                    self._handle(session, frame)
        except (ConnectionError, OSError, FrameError, struct.error, ValueError):
            pass  # the client went away or sent something no plug would answer
        finally:
            with self._lock:
                if session in self._sessions:
                    self._sessions.remove(session)
            session.sock.close()

    def _handle_late(self, session: Session, frame: Frame) -> None:
        """A slow plug: the command is carried out (and answered) only after a while."""
        time.sleep(self.answer_delay)
        try:
            self._handle(session, frame)
        except OSError:
            pass  # the client is gone; the relay has switched anyway
        finally:
            with self._lock:
                self._busy -= 1

    def _decode(self, session: Session, raw: bytes) -> Frame:
        if self.version == "3.5":
            frame = decode_6699(raw, session.key)
            if frame.payload.startswith(b"3.5" + bytes(12)):
                frame.payload = frame.payload[15:]
            return frame
        hmac_key = session.key if self.version == "3.4" else None
        frame = decode_55aa(raw, hmac_key)
        payload = frame.payload
        if self.version == "3.3":
            header = b"3.3" + bytes(12)
            if payload.startswith(header):
                payload = payload[len(header) :]
            if payload:
                payload = ecb_decrypt(session.key, payload)
        elif payload:
            payload = ecb_decrypt(session.key, payload)
            if payload.startswith(b"3.4" + bytes(12)):
                payload = payload[15:]
        return Frame(frame.seqno, frame.cmd, payload)

    def _handle(self, session: Session, frame: Frame) -> None:
        cmd = frame.cmd
        if cmd == SESS_KEY_NEG_START and self.version in ("3.4", "3.5"):
            session.local_nonce = frame.payload[:16]
            proof = hmac.new(self.local_key, session.local_nonce, hashlib.sha256).digest()
            self._send(
                session, SESS_KEY_NEG_RESP, session.remote_nonce + proof, frame.seqno, raw=True
            )
        elif cmd == SESS_KEY_NEG_FINISH and self.version in ("3.4", "3.5"):
            expected = hmac.new(self.local_key, session.remote_nonce, hashlib.sha256).digest()
            if not hmac.compare_digest(frame.payload[:32], expected):
                raise FrameError("client proof wrong")
            mixed = bytes(
                a ^ b for a, b in zip(session.local_nonce, session.remote_nonce, strict=True)
            )
            if self.version == "3.4":
                session.key = ecb_encrypt_block(self.local_key, mixed)
            else:
                session.key = AESGCM(self.local_key).encrypt(session.local_nonce[:12], mixed, None)[
                    :16
                ]
        elif cmd in (DP_QUERY, DP_QUERY_NEW):
            with self._lock:
                dps = dict(self.dps)
            self._send(session, cmd, self._json({"devId": self.device_id, "dps": dps}), frame.seqno)
        elif cmd in (CONTROL, CONTROL_NEW):
            request = json.loads(frame.payload or b"{}")
            wanted = request.get("dps") or request.get("data", {}).get("dps", {})
            with self._lock:  # the relay switches whether or not the client still listens
                if not self.ignore_control:
                    self.dps.update(
                        {key: value for key, value in wanted.items() if key in self.dps}
                    )
                    self._refresh_measurements()
                changed = {key: self.dps[key] for key in wanted if key in self.dps}
            self._send(session, cmd, b"", frame.seqno)  # the acknowledgement
            self._push(changed)
        elif cmd == HEART_BEAT:
            self._send(session, HEART_BEAT, b"", frame.seqno)
        elif cmd == UPDATEDPS:
            self._send(session, UPDATEDPS, b"", frame.seqno)

    def _answer_garbage(self, session: Session, raw: bytes) -> None:
        """What a plug does with a frame it cannot read: answer something only it can read."""
        seqno = struct.unpack(">I", raw[4:8])[0] if raw[:4] == struct.pack(">I", PREFIX_55AA) else 0
        cmd = struct.unpack(">I", raw[8:12])[0] if raw[:4] == struct.pack(">I", PREFIX_55AA) else 0
        with contextlib.suppress(OSError, FrameError):
            self._send(
                session, cmd, self._json({"devId": self.device_id, "error": "decrypt"}), seqno
            )

    def _json(self, data: dict[str, Any]) -> bytes:
        return json.dumps({**data, "t": int(time.time())}, separators=(",", ":")).encode()

    def _push(self, dps: dict[str, Any]) -> None:
        """Tell every connected client about a change (STATUS, with the version header)."""
        body = self._json({"devId": self.device_id, "dps": dps})
        with self._lock:
            sessions = list(self._sessions)
        for session in sessions:
            if self.version in ("3.4", "3.5") and session.key == self.local_key:
                continue  # no session yet
            with contextlib.suppress(OSError):
                self._send(session, STATUS, body, None, header=True)

    def _send(
        self,
        session: Session,
        cmd: int,
        payload: bytes,
        seqno: int | None,
        *,
        raw: bool = False,
        header: bool = False,
    ) -> None:
        with session.lock:
            if seqno is None:
                session.seqno += 1
                seqno = session.seqno
            version_header = self.version.encode() + bytes(12)
            retcode = struct.pack(">I", 0)
            if self.version == "3.5":
                body = (version_header + payload) if header and payload else payload
                data = encode_6699(seqno, cmd, retcode + body, session.key)
            elif self.version == "3.4":
                body = (version_header + payload) if header and payload else payload
                if body or raw:
                    body = ecb_encrypt(session.key, body)
                data = encode_55aa(seqno, cmd, retcode + body, session.key)
            else:
                body = ecb_encrypt(session.key, payload) if payload else b""
                if header and payload:
                    body = version_header + body
                data = encode_55aa(seqno, cmd, retcode + body, None)
            session.sock.sendall(data)
