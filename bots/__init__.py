"""Entry points: the command line, the Slack bot and server processes."""
