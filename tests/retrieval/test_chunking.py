"""Chunks follow Markdown structure and stay within the model's window."""

from __future__ import annotations

from retrieval.chunking import MAX_WORDS, chunk_markdown
from retrieval.text import count_words
from tests.retrieval.documents import PLAYBOOKS


def test_chunks_carry_their_heading_path() -> None:
    body = "# Guide\n\n## Setup\nStep text.\n\n### Okta\nOkta text.\n\n## Later\nMore."

    chunks = chunk_markdown(body)

    paths = [c.heading_path for c in chunks]
    assert paths == [
        ("Guide", "Setup"),
        ("Guide", "Setup", "Okta"),
        ("Guide", "Later"),
    ]


def test_a_list_and_a_table_stay_whole_in_one_chunk() -> None:
    sso = chunk_markdown(PLAYBOOKS["sso-rollout"].split("---\n", 2)[2])
    risk = chunk_markdown(PLAYBOOKS["renewal-risk"].split("---\n", 2)[2])

    table = next(c for c in sso if "| symptom" in c.text)
    signs = next(c for c in risk if c.heading_path[-1] == "Early warning signs")
    assert table.text.count("\n|") == 3
    assert table.heading_path[-1] == "Common failures"
    assert signs.text.count("\n- ") == 2
    assert signs.text.startswith("- Logins")


def test_an_oversized_table_is_cut_on_rows_and_repeats_its_header() -> None:
    rows = "\n".join(
        f"| row {i} with several words of text | value {i} |" for i in range(80)
    )
    body = "| name | value |\n|---|---|\n" + rows

    chunks = chunk_markdown(body, max_words=60)

    assert len(chunks) > 3
    assert all(c.text.startswith("| name | value |\n|---|---|") for c in chunks)
    assert all(count_words(c.text) <= 60 for c in chunks)
    assert sum(c.text.count("| row ") for c in chunks) == 80


def test_a_hash_inside_a_code_block_is_not_a_heading() -> None:
    body = "# Real\n```\n# comment in code\n```\n"

    chunks = chunk_markdown(body)

    assert [c.heading_path for c in chunks] == [("Real",)]
    assert "# comment in code" in chunks[0].text


def test_a_long_paragraph_is_cut_on_sentences_under_the_limit() -> None:
    body = " ".join(f"Sentence number {i} says something useful." for i in range(120))

    chunks = chunk_markdown(body)

    assert len(chunks) > 1
    assert all(count_words(c.text) <= MAX_WORDS for c in chunks)
    assert all(c.text.rstrip().endswith(".") for c in chunks)
