"""The coach's dashboard: SQL statements constant in the case load (5 vs 40 young people),
filters, sorting by months to 18 and readiness, paging, and the counts per domain and level."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jimnet.accounts.roles import StaffRole
from jimnet.big5 import dashboard
from jimnet.big5.readiness import ReadinessStatus
from jimnet.clock import today
from jimnet.extensions import db
from tests.big5.conftest import DEFAULT_KEYS
from tests.factories import years_ago


def _caseload(make, big5, coach, org, n, start=0):
    made = []
    for i in range(start, start + n):
        youth = make.youth(
            org, coaches=[coach], date_of_birth=years_ago(15 + i % 7, 3 * i), first_name=f"Y{i:02d}"
        )
        if i % 3:
            big5.assessment(
                youth,
                {**dict.fromkeys(DEFAULT_KEYS, 4), "school": 1 + i % 5},
                on=today() - timedelta(days=20 * (i % 9)),
            )
            big5.assessment(youth, 5 - i % 4, perspective="youth")
        if i % 4 == 0:
            big5.action(youth, "school", due=today() + timedelta(days=i - 10))
        made.append(youth)
    return made


def _count(client, count_queries, url):
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


@pytest.mark.parametrize("scope", ["mine", "organisation"])
def test_the_statement_count_does_not_grow_with_the_case_load(
    app, make, client, big5, count_queries, scope
):
    org = make.organisation()
    coach = make.user(StaffRole.COACH, org)
    if scope == "organisation":
        app_admin = make.user(StaffRole.ORG_ADMIN, org)
    _caseload(make, big5, coach, org, 5)
    client.login(app_admin if scope == "organisation" else coach)
    url = f"/big5/dashboard?bereik={scope}"
    client.get(url)  # warm up (sessions, the built-in sets)
    small, _html_small = _count(client, count_queries, url)
    _caseload(make, big5, coach, org, 35, start=5)
    large, html_large = _count(client, count_queries, url)
    assert "40 jongeren" in html_large
    assert large == small, f"{small} statements for 5 young people, {large} for 40"
    assert small <= 25
    # With every filter on, still constant.
    filters = f"{url}&domein=school&niveau=below&stil=1&status=not_ready&sorteer=attention&team={coach.id}"
    assert _count(client, count_queries, filters)[0] <= small + 2


def test_the_api_statement_count_does_not_grow_either(app, make, client, big5, count_queries):
    org = make.organisation()
    coach = make.user(StaffRole.COACH, org)
    _caseload(make, big5, coach, org, 5)
    client.login(coach)
    client.api("GET", "/api/v1/dashboard/transition")
    with count_queries() as small:
        client.api("GET", "/api/v1/dashboard/transition")
    _caseload(make, big5, coach, org, 35, start=5)
    with count_queries() as large:
        response = client.api("GET", "/api/v1/dashboard/transition?per_page=100")
    assert response.json["total"] == 40
    assert len(large) == len(small)


def test_sorting_filters_and_counts(app, make, big5):
    org = make.organisation()
    coach = make.user(StaffRole.COACH, org)
    colleague = make.user(StaffRole.PROFESSIONAL, org)
    soon = make.youth(
        org, coaches=[coach], date_of_birth=years_ago(18, -10), first_name="Soon"
    )  # 18 in 10 days
    later = make.youth(org, coaches=[coach], professionals=[colleague], age=16, first_name="Later")
    make.youth(org, coaches=[coach], age=19, first_name="Adult")
    young = make.youth(org, coaches=[coach], age=13, first_name="Young")  # under the default ages
    big5.assessment(soon, 4, on=today() - timedelta(days=200))
    big5.assessment(later, {**dict.fromkeys(DEFAULT_KEYS, 4), "income": 2})
    with app.app_context():
        viewer = db.session.merge(coach)
        page = dashboard.load_page(db.session, viewer, dashboard.Filters(), today())
        assert [r.first_name for r in page.rows] == ["Soon", "Later", "Adult"]
        assert young.id not in [r.youth_id for r in page.rows]
        by_name = {r.first_name: r for r in page.rows}
        assert by_name["Soon"].status == ReadinessStatus.READY
        assert by_name["Soon"].stale  # 200 days since the last score
        assert by_name["Soon"].months_to_18 == 0
        assert by_name["Later"].status == ReadinessStatus.NOT_READY
        assert by_name["Adult"].status == ReadinessStatus.NOT_ASSESSED
        assert page.counts["income"] == {4: 1, 2: 1, None: 1}
        assert page.status_counts[ReadinessStatus.NOT_READY] == 1
        attention = dashboard.load_page(
            db.session, viewer, dashboard.Filters(sort=dashboard.Sort.ATTENTION), today()
        )
        assert [r.first_name for r in attention.rows] == ["Later", "Adult", "Soon"]
        income_low = dashboard.load_page(
            db.session, viewer, dashboard.Filters(domain="income"), today()
        )
        assert [r.first_name for r in income_low.rows] == ["Later"]
        unknown = dashboard.load_page(
            db.session,
            viewer,
            dashboard.Filters(domain="income", level=dashboard.LevelFilter.UNKNOWN),
            today(),
        )
        assert [r.first_name for r in unknown.rows] == ["Adult"]
        stale = dashboard.load_page(db.session, viewer, dashboard.Filters(stale=True), today())
        assert [r.first_name for r in stale.rows] == ["Soon", "Adult"]
        team = dashboard.load_page(
            db.session, viewer, dashboard.Filters(team_user_id=colleague.id), today()
        )
        assert [r.first_name for r in team.rows] == ["Later"]
        assert (colleague.id, colleague.name) in page.team_choices
        ready = dashboard.load_page(
            db.session, viewer, dashboard.Filters(status=ReadinessStatus.READY), today()
        )
        assert [r.first_name for r in ready.rows] == ["Soon"]
        with_young = dashboard.load_page(db.session, viewer, dashboard.Filters(min_age=12), today())
        assert "Young" in [r.first_name for r in with_young.rows]


def test_paging(app, make, client, big5):
    org = make.organisation()
    coach = make.user(StaffRole.COACH, org)
    for i in range(7):
        make.youth(org, coaches=[coach], date_of_birth=years_ago(16, i), first_name=f"P{i}")
    client.login(coach)
    first = client.api("GET", "/api/v1/dashboard/transition?per_page=3").json
    second = client.api("GET", "/api/v1/dashboard/transition?per_page=3&page=3").json
    assert first["total"] == 7 and len(first["items"]) == 3 and len(second["items"]) == 1
    assert [i["first_name"] for i in first["items"]] == [
        "P6",
        "P5",
        "P4",
    ]  # oldest first: soonest 18
    html = client.get("/big5/dashboard?page=2").get_data(as_text=True)
    assert (
        "Pagina 1 van 1" in html and "P6" in html
    )  # 7 fit on one page of 50: past the end shows it
    assert (
        client.get(
            "/big5/dashboard?page=abc&van=x&tot=99&sorteer=nope&status=nope&bereik=nope"
        ).status_code
        == 200
    )
