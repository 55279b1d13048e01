"""Time conventions, in one place: instants are ISO 8601 UTC text, recording times integer ms."""

from datetime import datetime, timezone


def utc_now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def format_ms(ms: int, *, with_ms: bool = False) -> str:
    """12_345_678 → '03:25:45' (or '03:25:45.678')."""
    ms = max(0, int(ms))
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{text}.{millis:03d}" if with_ms else text


def parse_hms(text: str) -> int:
    """'01:02:03', '01:02:03.5', '1:02:03,500' or '02:03' → milliseconds. Raises ValueError."""
    parts = text.strip().replace(",", ".").split(":")
    if not 2 <= len(parts) <= 3:
        raise ValueError(text)
    seconds = float(parts[-1])
    minutes = int(parts[-2])
    hours = int(parts[0]) if len(parts) == 3 else 0
    if seconds < 0 or seconds >= 60 or minutes < 0 or minutes >= 60 or hours < 0:
        raise ValueError(text)
    return round(((hours * 60 + minutes) * 60 + seconds) * 1000)
