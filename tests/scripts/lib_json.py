import json
print(json.dumps({'a': [1, 2.5, None, True], 'b': 'é\n'}), json.dumps([1, {'x': 'y'}], indent=2, sort_keys=True))
print(json.loads('{"a": [1, 2.5, null, true, "\\u00e9"], "n": -1e3}'))
try:
    json.loads('{"a": }')
except json.JSONDecodeError as e:
    print('JSONDecodeError', e, e.pos, e.lineno, e.colno)
class P:
    def __init__(self, x): self.x = x
print(json.dumps(P(3), default=lambda o: o.__dict__), json.dumps('日本', ensure_ascii=False), json.dumps('日本'))
import codecs
print(codecs.lookup('utf-8').name, codecs.encode('é', 'utf-8'), codecs.decode(b'\xc3\xa9', 'utf-8'), codecs.lookup('latin-1').name)
print('é'.encode('cp1252'), b'\xe9'.decode('cp1252'))
