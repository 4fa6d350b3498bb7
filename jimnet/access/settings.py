"""The access log's settings, read once from the app's config into one typed value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jimnet.access.checkpoint import PublicKey, Publisher, Signer

MODES = ("auto", "inline", "thread", "external", "off")


@dataclass(frozen=True)
class LogSettings:
    key: bytes
    signer: Signer
    public_key: PublicKey
    publisher: Publisher
    verified_state: Path
    mode: str
    interval: float
    gap_seconds: float

    @classmethod
    def from_config(cls, config: dict[str, Any] | Any) -> LogSettings:
        signer = Signer(config["JIMNET_LOG_ORIGIN"], config["JIMNET_LOG_SIGNING_KEY"])
        public = config.get("JIMNET_LOG_PUBLIC_KEY")
        mode = config.get("JIMNET_LOG_SEQUENCER", "auto")
        if mode not in MODES:
            raise ValueError(f"JIMNET_LOG_SEQUENCER must be one of {', '.join(MODES)}")
        return cls(
            key=config["JIMNET_LOG_KEY"].encode(),
            signer=signer,
            public_key=PublicKey.parse(public) if public else signer.public,
            publisher=Publisher(
                Path(config["JIMNET_LOG_CHECKPOINTS"]), config.get("JIMNET_LOG_PUBLISH_COMMAND")
            ),
            verified_state=Path(config["JIMNET_LOG_VERIFIED"]),
            mode=mode,
            interval=float(config.get("JIMNET_LOG_INTERVAL", 5)),
            gap_seconds=float(config.get("JIMNET_LOG_GAP_SECONDS", 30)),
        )


def for_app(app: Any) -> LogSettings:
    settings: LogSettings | None = app.extensions.get("jimnet_log_settings")
    if settings is None:
        settings = LogSettings.from_config(app.config)
        app.extensions["jimnet_log_settings"] = settings
    return settings
