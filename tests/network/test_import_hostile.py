"""Files built to hurt: every shape of a 2 MB hostile JSON (deep, wide, long, huge numbers,
many small objects) is refused with a reason or read, by a parser that is linear in the size
of the file; numbers are bounded before conversion; imports are rate-limited per person.
How long each takes is measured by the bench (`bench/imports.py`), not asserted here."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench.imports import HOSTILE, HOSTILE_NAMES, check, slowest_accepted
from jimnet.accounts.roles import StaffRole
from jimnet.network.importing import MAX_BYTES, ImportRefused, plan_import
from jimnet.network.io_json import parse_json
from tests.network.test_io import TODAY, _upload


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_2mb_json_is_refused_with_a_reason(name: str) -> None:
    data, code = HOSTILE[name]
    assert MAX_BYTES - 1024 < len(data) <= MAX_BYTES
    codes = set(check(data, HOSTILE_NAMES[name]))
    if code is None:
        assert codes == set()
    else:
        assert code in codes


def test_the_slowest_accepted_file_of_the_bench_is_accepted() -> None:
    for kind, data in slowest_accepted().items():
        assert MAX_BYTES - 8192 < len(data) <= MAX_BYTES
        assert check(data, f"accepted.{kind}") == []


def test_a_5000_digit_integer_and_odd_constants_are_problems_of_their_line() -> None:
    data = (
        '{"nodes": [\n'
        '  {"id": "a", "label": "A", "ring": ' + "7" * 5000 + "},\n"
        '  {"id": "b", "label": "B", "ring": 1e999},\n'
        '  {"id": "c", "label": "C", "ring": NaN},\n'
        '  {"id": "d", "label": "D\\u0001"}\n'
        '], "edges": [\n'
        '  {"source": "a", "target": "nobody"}\n'
        "]}"
    ).encode()
    with pytest.raises(ImportRefused) as refused:
        plan_import(parse_json(data), TODAY)
    assert [(p.line, p.code) for p in refused.value.problems] == [
        (2, "number_too_big"),
        (3, "number_too_big"),
        (4, "not_a_number"),
        (5, "bad_character"),
        (7, "edge_unknown_node"),
    ]
    assert refused.value.problems[3].params == {"name": "label", "char": "U+0001"}


def test_lines_are_right_at_the_end_of_a_large_file() -> None:
    nodes = [
        {"id": f"n{i}", "label": f"Persoon {i}", "ring": 2, "x": "y" * 4000} for i in range(300)
    ]
    nodes[-1]["ring"] = "twee"
    text = '{"nodes": [\n' + ",\n".join(json.dumps(n) for n in nodes) + '\n], "edges": []}'
    with pytest.raises(ImportRefused) as refused:
        plan_import(parse_json(text.encode()), TODAY)
    assert [(p.line, p.code) for p in refused.value.problems] == [(301, "wrong_type")]


def test_every_problem_is_listed_up_to_a_hundred_then_counted() -> None:
    nodes = [{"id": f"n{i}", "label": "", "ring": 2} for i in range(150)]
    with pytest.raises(ImportRefused) as refused:
        plan_import(parse_json(json.dumps({"nodes": nodes, "edges": []}).encode()), TODAY)
    problems = refused.value.problems
    assert len(problems) == 101 and problems[-1].code == "more_problems"
    assert problems[-1].params == {"count": 50}


@pytest.fixture
def team(make: Any) -> Any:
    pro = make.user(StaffRole.PROFESSIONAL)
    return pro, make.youth(professionals=[pro])


def test_the_api_answers_422_never_500_for_surrogates_and_huge_numbers(
    team: Any, client: Any
) -> None:
    pro, youth = team
    client.login(pro)
    url = f"/api/v1/youth/{youth.id}/network/import"
    for body, code in (
        ('{"nodes": [{"id": "a", "label": "\\ud800"}], "edges": []}', "bad_character"),
        ('{"nodes": [{"id": "a", "label": "A", "ring": ' + "1" * 5000 + "}]}", "number_too_big"),
        ('{"nodes": [{"id": "\\udfff"}]}', "bad_character"),
    ):
        response = client.api(
            "POST", url, data=body.encode(), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 422, response.data
        assert code in {p["code"] for p in response.json["errors"]}


def test_imports_are_rate_limited_per_person_across_page_and_api(team: Any, client: Any) -> None:
    pro, youth = team
    client.login(pro)
    url = f"/api/v1/youth/{youth.id}/network/import"
    answers = [client.api("POST", url, json={"nodes": []}).status_code for _ in range(10)]
    answers += [_upload(client, youth, b"{}", "leeg.json").status_code for _ in range(10)]
    assert 429 not in answers
    assert client.api("POST", url, json={"nodes": []}).status_code == 429
    assert _upload(client, youth, b"{}", "leeg.json").status_code == 429
    assert client.get(f"/jongeren/{youth.id}/netwerk/importeren").status_code == 200
