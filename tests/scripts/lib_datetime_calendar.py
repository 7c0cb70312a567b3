# datetime and calendar from CPython's library (datetime on its pure-Python _pydatetime logic).
import calendar
import datetime as dt

d = dt.date(2024, 2, 28)
print(d, d + dt.timedelta(days=2), d.weekday(), d.isoweekday(), tuple(d.isocalendar()), d.toordinal())
print(d.strftime("%A %d %B %Y, day %j"), d.replace(year=2023), dt.date.fromisoformat("2021-12-31"))
print(dt.date(2024, 3, 1) - d, dt.date.fromordinal(738000), d < dt.date(2025, 1, 1), repr(d))
t = dt.time(13, 5, 9, 250)
print(t, t.isoformat(timespec="seconds"), t.strftime("%I:%M %p"), repr(t))
m = dt.datetime(2024, 1, 31, 23, 59, 30)
print(m, m + dt.timedelta(seconds=45), m.isoformat(), m.date(), m.time(), m.timestamp() > 0 or True)
print(dt.datetime.fromisoformat("2011-11-04T00:05:23+04:00"), dt.datetime.strptime("2020-05-17 10:11", "%Y-%m-%d %H:%M"))
td = dt.timedelta(days=1, hours=25, minutes=-1, microseconds=5)
print(td, td.total_seconds(), repr(td), -td, td * 2, td / 3, td // dt.timedelta(hours=1), abs(-td))
utc = dt.timezone.utc
tz = dt.timezone(dt.timedelta(hours=-5), "EST")
a = dt.datetime(2024, 6, 1, 12, 0, tzinfo=utc)
print(a, a.astimezone(tz), a.astimezone(tz).tzname(), a.utcoffset(), a - a.astimezone(tz), tz)
print(dt.datetime(2024, 6, 1, tzinfo=utc).strftime("%Y-%m-%dT%H:%M:%S%z %Z"), dt.MINYEAR, dt.MAXYEAR)
print(sorted([dt.date(2020, 1, 2), dt.date(2019, 5, 5)]), hash(d) == hash(dt.date(2024, 2, 28)))
try:
    dt.date(2023, 2, 29)
except ValueError as e:
    print("ValueError")  # the message differs between the C and the pure-Python datetime

print(calendar.isleap(2024), calendar.isleap(1900), calendar.leapdays(1900, 2025), calendar.monthrange(2024, 2))
print(calendar.weekday(2024, 7, 4), calendar.day_name[0], calendar.month_abbr[12], list(calendar.day_abbr))
print(calendar.month(2024, 2))
print(calendar.TextCalendar(firstweekday=6).formatmonth(2023, 12))
print(calendar.monthcalendar(2024, 9))
print(calendar.timegm((2000, 1, 1, 0, 0, 0)), list(calendar.Calendar().itermonthdays(2024, 2))[:8])
