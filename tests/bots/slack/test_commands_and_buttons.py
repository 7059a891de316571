"""/csm sub-commands and every button under an answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bots.slack.command_parser import CsmCommand, UsageError, parse_command
from knowledge.models import PassageFeedback, SlackFeedback
from tests.bots.slack.conftest import CSM, Bot, dispatch, event_body, form, mention

CLEARED = {"channel_accounts": {"C0PUBLIC": frozenset({"A-1"})}}


def _command(bot: Bot, text: str, user: str = CSM) -> tuple[int, str]:
    body = form(
        {
            "token": "legacy",
            "team_id": "T0TEAM",
            "api_app_id": "A0APP",
            "channel_id": "C0PUBLIC",
            "channel_name": "cs-team",
            "user_id": user,
            "command": "/csm",
            "text": text,
            "response_url": bot.slack.url + "response/1",
            "trigger_id": "1.2.3",
        }
    )
    response = dispatch(bot.app, body)
    bot.drain()
    return response.status, response.body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", CsmCommand(name="help")),
        ("health Acme Corp.", CsmCommand(name="health", account="Acme Corp.")),
        (
            "brief Acme for technical team",
            CsmCommand(name="brief", account="Acme", audience="technical"),
        ),
        (
            "draft escalation Initech: SSO down since Monday",
            CsmCommand(
                name="draft",
                account="Initech",
                kind="escalation",
                about="SSO down since Monday",
            ),
        ),
        ("risk", CsmCommand(name="risk")),
        ("risk mine", CsmCommand(name="risk")),
        ("risk enterprise", CsmCommand(name="risk", segment="enterprise")),
        ("renewals", CsmCommand(name="renewals", days=30)),
        ("renewals 60", CsmCommand(name="renewals", days=60)),
    ],
)
def test_commands_parse(text: str, expected: CsmCommand) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "dance",
        "health",
        "brief",
        "brief Acme for the janitor",
        "draft memo Acme",
        "renewals soon",
        "renewals 9999",
    ],
)
def test_bad_commands_get_usage(text: str) -> None:
    parsed = parse_command(text)

    assert isinstance(parsed, UsageError)
    assert "/csm health <account>" in parsed.message


def test_help_is_in_the_ack(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot()

    status, body = _command(bot, "help")

    assert status == 200
    assert "/csm renewals [days]" in body
    assert bot.engine.asked == []


def test_unknown_subcommand_gets_usage(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot()

    status, body = _command(bot, "dance")

    assert status == 200
    assert "don't know the command `dance`" in body
    assert bot.engine.asked == []


def test_health_command_answers_privately_via_response_url(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot()

    status, body = _command(bot, "health Acme Corp.")

    assert status == 200
    assert "Working on it" in body
    question, context = bot.engine.asked[0]
    assert question == "How is Acme Corp. doing?"
    assert context.account == "Acme Corp."
    assert context.asker == "csm@vendor.example"
    [reply] = bot.slack.named("response/1")
    assert reply.params["response_type"] == "ephemeral"
    assert any("fields" in b for b in reply.params["blocks"])


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("draft outreach Acme Corp.", "Draft outreach to Acme Corp."),
        (
            "draft escalation Acme Corp.: SSO outage",
            "Draft an escalation for Acme Corp. about SSO outage",
        ),
        ("risk", "What are my riskiest accounts?"),
        ("risk enterprise", "Which enterprise accounts are at risk?"),
        (
            "renewals 60",
            "Which of my accounts renew in the next 60 days and are at risk?",
        ),
    ],
)
def test_commands_ask_the_engine(
    make_bot: Callable[..., Bot], text: str, question: str
) -> None:
    bot = make_bot()

    _command(bot, text)

    assert bot.engine.asked[0][0] == question
    assert len(bot.slack.named("response/1")) == 1


def test_brief_is_uploaded_as_a_file_to_the_dm(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot()

    _command(bot, "brief Acme Corp. for department head")

    assert bot.engine.asked[0][1].audience == "department_head"
    [done] = bot.slack.named("files.completeUploadExternal")
    assert done.params["channel_id"] == "D" + CSM
    assert len(bot.slack.named("upload/F1")) == 1
    [notice] = bot.slack.named("response/1")
    assert "sent the brief" in notice.params["text"]


def test_command_from_a_stranger_gives_no_data(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot()

    _command(bot, "health Acme Corp.", user="U0STRANGER")

    assert bot.engine.asked == []
    [reply] = bot.slack.named("response/1")
    assert "can't match your Slack account" in reply.params["text"]


def _answered(bot: Bot) -> dict[str, Any]:
    dispatch(bot.app, event_body(mention()))
    post = bot.slack.wait_for("chat.postMessage")[0]
    return post.params


def _click(bot: Bot, posted: dict[str, Any], action_id: str, user: str = CSM) -> None:
    button = next(
        e
        for b in posted["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    payload = {
        "type": "block_actions",
        "team": {"id": "T0TEAM"},
        "api_app_id": "A0APP",
        "user": {"id": user},
        "channel": {"id": "C0PUBLIC"},
        "container": {
            "type": "message",
            "message_ts": "1700000000.000001",
            "channel_id": "C0PUBLIC",
            "thread_ts": "1699999999.000100",
        },
        "message": {"ts": "1700000000.000001", "thread_ts": "1699999999.000100"},
        "trigger_id": "1.2.3",
        "response_url": bot.slack.url + "response/2",
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "x",
                "value": button["value"],
                "action_ts": "1.1",
            }
        ],
    }
    assert dispatch(bot.app, form({"payload": json.dumps(payload)})).status == 200


@pytest.mark.parametrize(
    ("action_id", "audience"),
    [
        ("csm_audience_department_head", "department_head"),
        ("csm_audience_end_user", "end_user"),
        ("csm_audience_technical", "technical"),
    ],
)
def test_audience_buttons_retailor_the_same_question(
    make_bot: Callable[..., Bot], action_id: str, audience: str
) -> None:
    bot = make_bot(**CLEARED)
    posted = _answered(bot)

    _click(bot, posted, action_id)
    bot.drain()

    (first_q, _), (again_q, context) = bot.engine.asked
    assert again_q == first_q
    assert context.audience == audience
    assert context.account == "A-1"
    assert context.thread_id == "slack:C0PUBLIC:1699999999.000100"
    assert bot.slack.named("chat.postMessage")[1].params["thread_ts"] == (
        "1699999999.000100"
    )


@pytest.mark.parametrize(
    ("action_id", "question"),
    [
        ("csm_draft_outreach", "Draft outreach to A-1"),
        ("csm_draft_escalation", "Draft an escalation for A-1"),
    ],
)
def test_draft_buttons_draft_for_the_account(
    make_bot: Callable[..., Bot], action_id: str, question: str
) -> None:
    bot = make_bot(**CLEARED)
    posted = _answered(bot)

    _click(bot, posted, action_id)
    bot.drain()

    assert bot.engine.asked[1][0] == question
    assert len(bot.slack.named("chat.postMessage")) == 2


@pytest.mark.parametrize(
    ("action_id", "helpful"), [("csm_helpful", True), ("csm_not_helpful", False)]
)
def test_vote_buttons_store_feedback(
    make_bot: Callable[..., Bot], action_id: str, helpful: bool
) -> None:
    bot = make_bot(**CLEARED)
    posted = _answered(bot)

    _click(bot, posted, action_id)
    bot.drain()

    with Session(bot.runtime.db) as session:
        votes = session.scalars(select(SlackFeedback)).all()
        passages = session.scalars(select(PassageFeedback)).all()
    assert [(v.helpful, v.actor) for v in votes] == [(helpful, "csm@vendor.example")]
    assert [(p.chunk_id, p.helpful) for p in passages] == [
        ("playbook:renewal-risk#3", helpful)
    ]
    [thanks] = bot.slack.named("chat.postEphemeral")
    assert thanks.params["text"].startswith("Thanks")


def test_button_on_a_forgotten_answer_says_so(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot(**CLEARED)
    posted = _answered(bot)
    for block in posted["blocks"]:
        for element in block.get("elements", []):
            if "value" in element:
                element["value"] = "0" * 32

    _click(bot, posted, "csm_helpful")
    bot.drain()

    [notice] = bot.slack.named("chat.postEphemeral")
    assert "no longer have that answer" in notice.params["text"]
