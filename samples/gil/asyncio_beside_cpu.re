policy cpython
timer lateness alone:            mean \d+\.\d\d ms, worst \d+\.\d\d ms
timer lateness beside a spinner: mean \d+\.\d\d ms, worst \d+\.\d\d ms
the loop released the GIL in epoll [1-9]\d* times and waited \d+\.\d{3} s to get it back\n
