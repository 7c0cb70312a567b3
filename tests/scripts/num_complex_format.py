# repr/str/format of complex numbers, recorded from CPython 3.11.
inf, nan = float('inf'), float('nan')
parts = [0.0, -0.0, 1.0, -1.0, 2.5, 1e16, 1e-5, 123456789.123, 1e300, 5e-324, inf, -inf, nan]
for a in parts:
    print(' '.join(repr(complex(a, b)) for b in parts))
specs = ['', '+', '-', ' ', '.2', '.0', '#', '10', '<20', '>20', '^20', '*^24', 'e', '.3e', 'E', 'f', '.1f', 'F',
         'g', '.3g', 'G', 'n', ',', '_.2f', ',.1f', '+.2e', ' g', 'z.1f', '#.0f', '#g', '->30.2f']
vals = [1 + 2j, -1.5 - 2.25j, 3j, -3j, complex(-0.0, 0.0), 0j, complex(1e20, -1e-20), complex(1234567.891, -7654321.123),
        complex(inf, nan), complex(-0.04, 0.0004)]
for s in specs:
    print(repr(s), ' | '.join(format(v, s) for v in vals))
for s in ['010', '=10', '%', 'd', 'x', 's', 'c', '.2%', ',d', 'ab']:
    try:
        print(s, format(1j, s))
    except ValueError as e:
        print(s, 'ValueError', e)
print(f'{1+1j:>{12}.{3}}', '{:^16}'.format(2-3j), '{0.real} {0.imag}'.format(4+5j))
print(str(complex(1, 2)), ascii(3j))
