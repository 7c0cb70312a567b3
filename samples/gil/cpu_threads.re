sequential:  \d+\.\d{3} s
two threads: \d+\.\d{3} s \(\d+\.\d\dx the sequential time\)
GIL switches while the threads ran: [1-9]\d*, [1-9]\d* drop requests, hand-off p99 \d+ us
  counter-0: held the GIL \d+\.\d{3} s, waited \d+\.\d{3} s, forced off [1-9]\d* times
  counter-1: held the GIL \d+\.\d{3} s, waited \d+\.\d{3} s, forced off [1-9]\d* times\n
