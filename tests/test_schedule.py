"""The schedule's rules, as pure functions of settings, meetings, deliveries and now."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.schedule import (
    ChatSchedule,
    Frequency,
    Kind,
    Meeting,
    ScheduleInputError,
    days_until,
    digest_key,
    due,
    format_days,
    latest_digest_slot,
    meetings_ahead,
    next_digest_slot,
    parse_reminder_days,
    parse_time,
    parse_timezone,
    upcoming,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
ASEAN = Meeting(8, "33rd ASEAN Customs Directors-General Meeting", date(2024, 6, 4))


def at(text: str, zone: ZoneInfo = HCM) -> datetime:
    """A moment written in local time: at("2024-05-28 08:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=zone)


CHAT = ChatSchedule(
    subscription_id=1,
    chat_id=-100,
    frequency=Frequency.DAILY,
    at=time(8, 0),
    timezone="Asia/Ho_Chi_Minh",
    reminder_days=(7, 1, 0),
    since=at("2024-05-20 10:00"),
)


def described(items) -> list[tuple[str, str, str]]:
    return [(i.kind.value, i.key, i.at.astimezone(HCM).strftime("%m-%d %H:%M")) for i in items]


# ------------------------------------------------------------------ what people type


@pytest.mark.parametrize(
    ("text", "expected"),
    [("08:00", time(8, 0)), ("8:05", time(8, 5)), ("17.30", time(17, 30)), ("7h15", time(7, 15))],
)
def test_times_people_write(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:99", "24:00", "12:60", "7:5", "noon", "0800", ""])
def test_impossible_times_are_refused_in_one_line(text: str) -> None:
    with pytest.raises(ScheduleInputError) as refused:
        parse_time(text)
    assert str(refused.value) == (f"“{text}” is not a time of day; write it as HH:MM, e.g. 08:00.")


def test_time_zones_are_area_city_whatever_the_capitals() -> None:
    assert parse_timezone("europe/brussels") == "Europe/Brussels"
    assert parse_timezone(" Asia/Ho_Chi_Minh ") == "Asia/Ho_Chi_Minh"
    assert parse_timezone("UTC") == "UTC"


@pytest.mark.parametrize("text", ["Mars/Olympus", "EST", "Brussels", "../etc/passwd", ""])
def test_unknown_time_zones_are_refused(text: str) -> None:
    with pytest.raises(ScheduleInputError, match="is not a time zone I know; write it as Area"):
        parse_timezone(text)


def test_reminder_days_are_distinct_and_farthest_first() -> None:
    assert parse_reminder_days("7,1,0") == (7, 1, 0)
    assert parse_reminder_days("0 1 7 7") == (7, 1, 0)
    assert parse_reminder_days("3") == (3,)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("soon", "Write the days before each meeting as numbers"),
        ("7,-1", "Write the days before each meeting as numbers"),
        ("31", "Reminders go at most 30 days ahead."),
        ("1,2,3,4,5,6", "At most 5 reminders per meeting."),
    ],
)
def test_bad_reminder_days_are_refused(text: str, message: str) -> None:
    with pytest.raises(ScheduleInputError, match=message):
        parse_reminder_days(text)


def test_reminder_days_in_words() -> None:
    assert format_days((7, 1, 0)) == "7 days before, 1 day before and on the morning it starts"
    assert format_days((1,)) == "1 day before"
    assert format_days(()) == "off"


# ------------------------------------------------------------------ digests


def test_daily_digest_slot_is_the_last_digest_time_passed() -> None:
    assert latest_digest_slot(CHAT, at("2024-05-21 07:59")) == at("2024-05-20 08:00")
    assert latest_digest_slot(CHAT, at("2024-05-21 08:00")) == at("2024-05-21 08:00")
    assert next_digest_slot(CHAT, at("2024-05-21 08:00")) == at("2024-05-22 08:00")


def test_weekly_digest_comes_on_mondays_keyed_by_iso_week() -> None:
    weekly = replace(CHAT, frequency=Frequency.WEEKLY)
    thursday = at("2024-05-23 12:00")
    assert latest_digest_slot(weekly, thursday) == at("2024-05-20 08:00")
    assert next_digest_slot(weekly, thursday) == at("2024-05-27 08:00")
    assert digest_key(weekly, at("2024-05-27 08:00")) == "2024-W22"
    assert latest_digest_slot(weekly, at("2024-05-27 07:00")) == at("2024-05-20 08:00")


def test_digest_time_is_local_across_daylight_saving() -> None:
    brussels = replace(CHAT, timezone="Europe/Brussels")
    before = latest_digest_slot(brussels, datetime(2024, 3, 30, 12, tzinfo=UTC))
    after = latest_digest_slot(brussels, datetime(2024, 4, 1, 12, tzinfo=UTC))
    assert (before.astimezone(UTC).hour, after.astimezone(UTC).hour) == (7, 6)


def test_no_digest_is_owed_for_times_before_subscribing() -> None:
    assert due(CHAT, [], at("2024-05-20 23:00")) == []
    assert described(due(CHAT, [], at("2024-05-21 08:00"))) == [
        ("digest", "2024-05-21", "05-21 08:00")
    ]


def test_after_downtime_only_the_latest_digest_is_due() -> None:
    assert described(due(CHAT, [], at("2024-05-24 15:00"))) == [
        ("digest", "2024-05-24", "05-24 08:00")
    ]


def test_a_recorded_digest_is_not_due_again() -> None:
    taken = replace(CHAT, taken=frozenset({("digest", "2024-05-21")}))
    assert due(taken, [], at("2024-05-21 09:00")) == []


# ------------------------------------------------------------------ reminders


def reminders_due(chat: ChatSchedule, now: datetime) -> list[tuple[str, str, str]]:
    return [d for d in described(due(chat, [ASEAN], now)) if d[0] == "reminder"]


def test_three_reminders_at_the_digest_time() -> None:
    assert reminders_due(CHAT, at("2024-05-28 07:59")) == []
    assert reminders_due(CHAT, at("2024-05-28 08:00")) == [("reminder", "8:7", "05-28 08:00")]
    assert reminders_due(CHAT, at("2024-06-03 08:00")) == [("reminder", "8:1", "06-03 08:00")]
    assert reminders_due(CHAT, at("2024-06-04 08:00")) == [("reminder", "8:0", "06-04 08:00")]


def test_a_missed_reminder_is_sent_while_the_meeting_has_not_started() -> None:
    assert reminders_due(CHAT, at("2024-05-30 16:00")) == [("reminder", "8:7", "05-28 08:00")]
    assert reminders_due(CHAT, at("2024-06-03 23:59")) == [("reminder", "8:1", "06-03 08:00")]


def test_of_several_missed_reminders_only_the_nearest_is_sent() -> None:
    assert reminders_due(CHAT, at("2024-06-03 09:30")) == [("reminder", "8:1", "06-03 08:00")]


def test_stale_reminders_are_not_sent() -> None:
    only_a_week = replace(CHAT, reminder_days=(7,))
    assert reminders_due(only_a_week, at("2024-06-04 00:00")) == []
    assert reminders_due(CHAT, at("2024-06-04 23:59")) == [("reminder", "8:0", "06-04 08:00")]
    assert reminders_due(CHAT, at("2024-06-05 00:00")) == []


def test_a_sent_reminder_is_not_replaced_by_an_older_one() -> None:
    sent = replace(CHAT, taken=frozenset({("reminder", "8:1")}))
    assert reminders_due(sent, at("2024-06-03 12:00")) == []


def test_reminders_owed_before_subscribing_are_not_sent() -> None:
    late = replace(CHAT, since=at("2024-06-03 09:00"))
    assert reminders_due(late, at("2024-06-03 09:01")) == []
    assert reminders_due(late, at("2024-06-04 08:00")) == [("reminder", "8:0", "06-04 08:00")]


def test_reminders_switched_off_or_on_chosen_days() -> None:
    assert reminders_due(replace(CHAT, reminder_days=()), at("2024-06-04 08:00")) == []
    three = replace(CHAT, reminder_days=(3,))
    assert reminders_due(three, at("2024-06-01 08:00")) == [("reminder", "8:3", "06-01 08:00")]


def test_reminders_follow_the_chat_time_zone() -> None:
    brussels = replace(CHAT, timezone="Europe/Brussels")
    now = at("2024-05-28 08:00", ZoneInfo("UTC"))
    [item] = [i for i in due(brussels, [ASEAN], now) if i.kind is Kind.REMINDER]
    assert item.at == at("2024-05-28 08:00", ZoneInfo("Europe/Brussels"))
    assert reminders_due(brussels, at("2024-05-28 07:59", ZoneInfo("Europe/Brussels"))) == []


# ------------------------------------------------------------------ what comes next


def test_upcoming_lists_the_next_digest_and_reminders_in_order() -> None:
    items = upcoming(CHAT, [ASEAN], at("2024-05-27 09:00"))
    assert described(items) == [
        ("digest", "2024-05-27", "05-27 08:00"),  # due now
        ("digest", "2024-05-28", "05-28 08:00"),
        ("reminder", "8:7", "05-28 08:00"),
        ("reminder", "8:1", "06-03 08:00"),
        ("reminder", "8:0", "06-04 08:00"),
    ]


def test_meetings_ahead_and_how_soon() -> None:
    past = Meeting(6, "WCO Technology Conference", date(2023, 10, 10))
    assert meetings_ahead([ASEAN, past], date(2024, 5, 21), 14) == [ASEAN]
    assert meetings_ahead([ASEAN], date(2024, 5, 20), 14) == []
    assert days_until(CHAT, ASEAN, at("2024-05-28 08:00")) == "in 7 days"
    assert days_until(CHAT, ASEAN, at("2024-06-03 23:00")) == "tomorrow"
    assert days_until(CHAT, ASEAN, at("2024-06-04 08:00")) == "today"
