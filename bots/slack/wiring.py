"""Builds the bot's runtime from the settings (the composition root for Slack)."""

from __future__ import annotations

from assistant.container import Services
from assistant.settings import Settings
from bots.slack.config import Mode, SlackConfig
from bots.slack.runtime import SlackRuntime


def build_runtime(
    settings: Settings, *, mode: Mode = "http", services: Services | None = None
) -> SlackRuntime:
    """A runtime with the real engine; heavy parts still load on first use.

    Args:
        settings: The service settings.
        mode: ``http``, ``socket`` or ``client`` (Web API only, for digests).
        services: Services to share with the HTTP API in the same process.

    Raises:
        InvalidInputError: the Slack tokens the mode needs are not set.
    """
    # The engine pulls in every intent module; load it only when a bot starts.
    from assistant.engine import Assistant

    config = SlackConfig.from_settings(settings, mode=mode)
    services = services or Services.from_settings(settings)
    return SlackRuntime(
        config=config,
        db=services.engine,
        answer=Assistant(services).answer,
        health_model=lambda: services.health_model,
        high_touch_min_arr=settings.high_touch_min_arr,
        tech_touch_max_arr=settings.tech_touch_max_arr,
        today=services.today,
    )
