policy cpython
200 blocking calls alone:            \d+\.\d{3} s
200 blocking calls beside a spinner: \d+\.\d{3} s \(\d+\.\dx\)
the I/O thread waited \d+\.\d{3} s for the GIL, longest wait \d+\.\d\d ms; hand-off p99 \d+\.\d\d ms\n
