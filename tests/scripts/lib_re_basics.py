import re
print(re.match(r'a+', 'aaab'), re.search(r'\d+', 'abc123def').group(), re.fullmatch(r'\w+', 'hello'))
print(re.findall(r'(\w)(\d)', 'a1 b2 c3'), re.findall(r'\d', 'a1b22'), re.findall(r'x*', 'axb'))
print(re.sub(r'(\w+)@(\w+)', r'\2 at \1', 'joe@home and ann@work'), re.sub(r'\d', lambda m: str(int(m.group())*2), 'a1b2'))
print(re.subn('a', 'b', 'banana'), re.split(r'[,;]\s*', 'a, b;c'), re.split(r'(,)', 'a,b'), re.split('x*', 'axbc'))
m = re.match(r'(?P<first>\w+) (?P<last>\w+)', 'Jane Doe!')
print(m.group('first'), m['last'], m.groups(), m.groupdict(), m.span(2), m.start(), m.end(1), m.lastindex, m.lastgroup)
print(re.compile('ab', re.I).match('AB'), re.compile(r'^b', re.M).findall('a\nb\nb'), re.compile('.', re.S).findall('a\n'))
print(re.search(r'(?<=a)b', 'ab'), re.search(r'(?<!a)b', 'ab cb').start(), re.search(r'a(?=b)', 'acab').start(), re.search(r'a(?!b)', 'abac').start())
print(re.match(r'(a)(b)?c', 'ac').groups(), re.match(r'(a)?(?(1)b|c)', 'ab').group(), re.match(r'(a)?(?(1)b|c)', 'c').group())
print(re.match(r'(\w+) \1', 'hey hey').group(), re.match(r'a*?b', 'aaab').group(), re.match(r'(?:ab)+', 'ababx').group(), re.match(r'(a|bc)*d', 'abcad').group())
print(re.match(r'a++b', 'aab'), re.match(r'(?>a+)b', 'aab').group(), re.match(r'x{2,3}', 'xxxx').group(), re.match(r'x{2,3}?', 'xxxx').group())
print(re.compile(r'\bfoo\b').findall('foo foobar foo.'), re.findall(r'\s+', 'a b\t\nc'), re.findall('[^a-c]+', 'abxyzcd'))
print(re.findall(r'\w+', 'héllo wörld 日本'), re.findall(r'(?a)\w+', 'héllo'), re.match('É', 'é', re.I))
print(re.match(rb'\d+', b'123abc'), re.sub(rb'a', b'b', b'aaa'), re.findall(rb'(\w)=(\d)', b'a=1 b=2'))
print(re.compile('a+', re.I|re.M), re.compile(b'x'), re.escape('a.b*c'), [m.span() for m in re.finditer(r'\d+', 'a12b345')])
print(re.sub('(?P<n>x)', r'[\g<n>]', 'axbx'), re.match('(a)(b)', 'ab').expand(r'\2\1'), re.match('a', 'a').regs)
try:
    re.compile('(')
except re.error as e:
    print('error', e, e.pos)
try:
    re.match('(a)', 'a').group(3)
except IndexError as e:
    print('IndexError', e)
print(re.match(r'(?i)straße', 'STRASSE'), re.match(r'[a-z]+', 'ABC', re.I).group(), re.sub(r'\s+', ' ', '  a   b  ').strip())
print(re.compile(r'(\d+)-(\d+)').sub(lambda m: f'{m[2]}-{m[1]}', '1-2 30-40'), len(re.findall('a', 'a' * 100000)))
print(re.match(r'(a*)*b', 'aaaaab').group(), re.match(r'(a|ab)(c|bcd)(d*)', 'abcd').groups(), re.search('$', 'ab\n').span())
print(re.findall(r'^\s*(\w+)\s*=\s*(.*?)\s*$', 'a = 1\n b=two \n', re.M))
