import weakref, gc
class C:
    def m(self): return 'm'
c = C()
r = weakref.ref(c)
print(r() is c, weakref.ref(c) is r, weakref.getweakrefcount(c))
log = []
r2 = weakref.ref(c, lambda ref: log.append(('cb', ref is r2)))
del c
print(r(), log, r2())
a = C(); b = C(); a.b = b; b.a = a
ra = weakref.ref(a, lambda ref: log.append('cycle cb'))
del a, b
gc.collect()
print(ra(), log[-1])
d = weakref.WeakValueDictionary()
x = C(); d['x'] = x
print(list(d.keys())); del x; print(list(d.keys()))
s = weakref.WeakSet(); y = C(); s.add(y); print(len(s)); del y; print(len(s))
k = weakref.WeakKeyDictionary(); z = C(); k[z] = 1; print(len(k)); del z; print(len(k))
o = C(); wm = weakref.WeakMethod(o.m); print(wm()()); del o; print(wm())
p = weakref.proxy(C()); 
try: p.m()
except ReferenceError as e: print('ReferenceError', e)
q = C(); pq = weakref.proxy(q); print(pq.m())
try: weakref.ref(1)
except TypeError as e: print(e)
f = weakref.finalize(C(), print, 'finalized')
def fn(): pass
print(weakref.ref(fn)() is fn, weakref.ref(int)() is int)
print(type(r).__name__, weakref.ReferenceType)
