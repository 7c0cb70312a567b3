# unicodedata (Unicode 14.0.0): properties, numeric values, names, decompositions,
# normalization and the errors, recorded from CPython 3.11.
import unicodedata as u
print(u.unidata_version)
chars = 'aZ5 \t\u00e9\u00c5\u0301\u0308\u05d0\u0661\u00bd\u2153\u2167\u216b\u4e00\uac00\uac01\ud7a3\u3000\uff21\ufb01' \
        '\u00df\u2126\u212b\u1e9b\u0344\u0f73\U0001d400\U0001f600\U00020000\U0002f800\U0001b170\u0378\ue000\U0010ffff' \
        '\u0009\u200d\u00ad(\u00ab\u2070\u00b2\u0e53\u2460\u3405\U00012432\u1f80'
for ch in chars:
    print('%04X' % ord(ch), u.category(ch), repr(u.bidirectional(ch)), u.combining(ch), u.east_asian_width(ch),
          u.mirrored(ch), u.decimal(ch, None), u.digit(ch, None), u.numeric(ch, None), u.name(ch, None),
          repr(u.decomposition(ch)))
for n in ['LATIN SMALL LETTER A', 'latin small letter a', 'Latin Capital Letter A With Ring Above', 'SNOWMAN',
          'CJK UNIFIED IDEOGRAPH-4E00', 'CJK UNIFIED IDEOGRAPH-03400', 'cjk unified ideograph-4e00', 'HANGUL SYLLABLE GAG',
          'HANGUL SYLLABLE PWILH', 'hangul syllable ga', 'HANGUL SYLLABLE', 'NUSHU CHARACTER-1b170',
          'CJK COMPATIBILITY IDEOGRAPH-2F800', 'LATIN CAPITAL LETTER GHA', 'KEYCAP NUMBER SIGN',
          'LATIN SMALL LETTER A WITH MACRON AND GRAVE', 'NO SUCH NAME', 'x' * 300, '']:
    try:
        print(repr(n[:40]), ascii(u.lookup(n)))
    except KeyError as e:
        print(repr(n[:40]), 'KeyError', e)
print(ascii(u.lookup(b'BULLET')))
s = 'Cafe\u0301 \u00c5ngstr\u00f6m \ufb01 \u2460 \u1e9b\u0323 \uac00\u11a8 \u1100\u1161 \u2126 \u0344 \u00bd ﾊﾟ \U0001d400'
for form in ['NFC', 'NFD', 'NFKC', 'NFKD']:
    r = u.normalize(form, s)
    print(form, ascii(r), len(r), u.is_normalized(form, s), u.is_normalized(form, r))
print(u.normalize('NFC', 'plain ascii'), u.is_normalized('NFD', ''), ascii(u.normalize('NFD', '\u1e0b\u0323')),
      ascii(u.normalize('NFC', 'a\u0328\u0301\u0304')), ascii(u.normalize('NFC', '\u0b47\u0300\u0b3e')))
count = {}
for c in range(0x110000):
    cat = u.category(chr(c))
    count[cat] = count.get(cat, 0) + 1
print(sorted(count.items()))
print(sum(1 for c in range(0x110000) if u.name(chr(c), None)), sum(1 for c in range(0x110000) if u.decomposition(chr(c))))
for e in ['u.name()', 'u.name("a", 1, 2)', 'u.name("ab")', 'u.name(1)', 'u.name("\\u0378")', 'u.name("\\u0378", "dflt")',
          'u.category()', 'u.category("ab")', 'u.category(5)', 'u.category(c="a")', 'u.decimal("x")', 'u.decimal("x", -1)',
          'u.digit("x")', 'u.digit("\\u00b2")', 'u.decimal("\\u00b2", "no")', 'u.numeric("x")', 'u.numeric("\\u2153")',
          'u.normalize("X", "a")', 'u.normalize("NFC", 1)', 'u.normalize(1, "a")', 'u.normalize("NFC")',
          'u.is_normalized("NFX", "a")', 'u.lookup(1)', 'u.lookup()', 'u.mirrored("")']:
    try:
        print(e, '->', repr(eval(e)))
    except Exception as x:
        print(e, '->', type(x).__name__, x)
