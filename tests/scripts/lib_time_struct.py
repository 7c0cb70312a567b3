# time.strptime (CPython's _strptime), struct_time's hidden tm_zone/tm_gmtoff fields and
# its constructor from a sequence.
import time
print(time.strptime('2020-01-02 10:11:12', '%Y-%m-%d %H:%M:%S'))
print(time.strftime('%a %d %b', time.strptime('30 Nov 00', '%d %b %y')))
try: time.strptime('x', '%Y')
except ValueError as e: print(e)
t = time.gmtime(0)
print(t, t.tm_zone, t.tm_gmtoff, len(t), t[:3], time.mktime(time.localtime(100)) == 100.0)
print(time.struct_time((2020, 1, 2, 3, 4, 5, 6, 7, 0)).tm_zone)
try:
    time.struct_time((1, 2))
except TypeError as e:
    print(e)
print(time.asctime(t), time.strftime("%Y-%m-%d %H:%M:%S", t))
