"""Refusing a SQLite store on a network drive (NFS, SMB/CIFS and the like).

SQLite's WAL journal keeps its index in shared memory, which only processes on one machine can
share, and network file systems lose or fake the locks SQLite relies on: two terminals writing
one `results.sqlite3` on a shared drive corrupt it sooner or later. A centre shares one
PostgreSQL store instead, or gathers JSON exports (`results import --inbox`).

Linux: the file system's magic number from statfs(2), and /proc/mounts for FUSE mounts
(sshfs and friends) whose magic number says only "FUSE". Windows: the drive type of the path's
root (a mapped network drive or a \\\\server\\share path). Elsewhere nothing is refused.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import StoreError

# statfs f_type values of network file systems (linux/magic.h and the file systems' own sources).
NETWORK_MAGIC = {
    0x6969: "nfs",
    0x517B: "smb",
    0xFF534D42: "cifs",
    0xFE534D42: "smb2",
    0x5346414F: "afs",
    0x6B414653: "afs",
    0x73757245: "coda",
    0x00C36400: "ceph",
    0x47504653: "gpfs",
    0x0BD00BD0: "lustre",
    0x013111A8: "ibrix",
    0x564C: "ncp",
    0x01021997: "9p",
    0xBEEFDEAD: "lustre",
}
FUSE_MAGIC = 0x65735546
# /proc/mounts file system types that are network file systems (FUSE ones included).
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "ceph", "glusterfs", "gpfs", "lustre", "9p",
    "fuse.sshfs", "fuse.glusterfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.cephfs", "davfs", "fuse.davfs2",
})
DRIVE_REMOTE = 4  # GetDriveTypeW


def refuse_network_path(path: Path) -> None:
    """Raise a clear error when the SQLite store `path` lies on a network file system."""
    kind = network_filesystem(path)
    if kind is not None:
        raise StoreError("error.store-network", path=str(path), kind=kind)


def network_filesystem(path: Path, statfs_type: Callable[[str], int | None] | None = None,
                       mounts: str | None = None, platform: str = sys.platform) -> str | None:
    """The network file system `path` (or its nearest existing folder) is on, or None for a local disk."""
    existing = _nearest_existing(path)
    if platform == "win32":  # pragma: no cover - exercised on Windows only
        return _windows_network_drive(existing)
    if not platform.startswith("linux"):
        return None
    magic = (statfs_type or _statfs_type)(str(existing))
    if magic is not None and magic in NETWORK_MAGIC:
        return NETWORK_MAGIC[magic]
    if magic is not None and magic != FUSE_MAGIC:
        return None
    kind = _mount_type(existing, _read_mounts() if mounts is None else mounts)
    return kind if kind in NETWORK_TYPES else None


def _nearest_existing(path: Path) -> Path:
    path = path.expanduser().absolute()
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def _statfs_type(path: str) -> int | None:
    """statfs(2)'s f_type, or None when it cannot be asked."""
    import ctypes  # only when a SQLite store is opened on Linux

    # f_type is the first field of struct statfs (a long); the rest is room for the kernel to fill.
    buffer = (ctypes.c_long * 32)()
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        if libc.statfs(os.fsencode(path), buffer) != 0:
            return None
    except (OSError, AttributeError):
        return None
    return int(buffer[0]) & 0xFFFFFFFF


def _read_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _mount_type(path: Path, mounts: str) -> str | None:
    """The file system type of the longest mount point holding `path`, from /proc/mounts text."""
    best, kind = "", None
    target = str(path.resolve())
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def _windows_network_drive(path: Path) -> str | None:  # pragma: no cover - Windows only
    text = str(path)
    if text.startswith("\\\\") and not text.startswith("\\\\?\\"):
        return "smb"
    import ctypes

    root = path.anchor or text[:3]
    kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
    return "smb" if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == DRIVE_REMOTE else None
