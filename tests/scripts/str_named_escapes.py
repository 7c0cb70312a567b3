# \N{NAME} escapes in str literals and f-strings (names, aliases, any case), and the
# unicodeescape errors, recorded from CPython 3.11.
print(ascii("\N{LATIN SMALL LETTER A}\N{BULLET} \N{EM DASH}"), ascii('\N{latin capital letter a with ring above}'))
print(ascii("\N{CJK UNIFIED IDEOGRAPH-4E00}\N{HANGUL SYLLABLE GAG}\N{LATIN CAPITAL LETTER GHA}\N{NUSHU CHARACTER-1B170}"))
print(ascii("""multi
\N{SNOWMAN} line"""), ascii('\N{SPACE}'), len('\N{GREEK SMALL LETTER ALPHA}\N{GRINNING FACE}'))
x = 5
print(ascii(f"\N{BLACK STAR} {x} \N{WHITE STAR}{x:>3}\N{DEGREE SIGN}"), ascii(f'{x}\N{LEFT CURLY BRACKET}'))
print(r"\N{BULLET}", b"\N{BULLET}", rb"\N{X}", ascii(R'\N{BULLET}' + '\N{BULLET}'))
print('a' '\N{MICRO SIGN}' f'{x}' "\N{OHM SIGN}" == 'a\u00b55\u2126')
bad = [r'"\N{NOPE}"', r'"\N{"', r'"\N"', r'"\N{}"', r'"ab\N{x"', r'"\N{KEYCAP NUMBER SIGN}"', r'"xy\N{BULLET}z\N{nope}"',
       r'f"\N{NOPE}"', r'f"{1}\N{nope}"', r'"\N{cjk unified ideograph-4e00}"', r'"\N{HANGUL SYLLABLE}"',
       r'"\N{CJK UNIFIED IDEOGRAPH-A000}"', r'"\N{LATIN SMALL LETTER A }"']
for src in bad:
    try:
        print(src, ascii(eval(src)))
    except SyntaxError as e:
        print(src, 'SyntaxError:', e.msg)
print(ascii(eval(r'"\N{LATIN SMALL LETTER B}"')), ascii(compile(r'"\N{DIGIT ONE}"', 's', 'eval').co_consts))
