"""The Slack bot: conversations, the /csm command, buttons and daily digests."""
