# Threads importing one module at once: the others wait until the first has run all of
# its code (CPython's per-module import locks), so no thread sees it half made.
import sys, threading, os
root = '/tmp/gilpy_thread_import_%d' % os.getpid()
os.mkdir(root)
with open(root + '/slowmod.py', 'w') as f:
    f.write("import time\nSTEPS = []\nfor i in range(5):\n    STEPS.append(i)\n    time.sleep(0.02)\nREADY = True\n")
sys.path.insert(0, root)
results = []
def worker():
    import slowmod
    results.append((slowmod.READY, len(slowmod.STEPS)))
threads = [threading.Thread(target=worker) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(results)

def remove_tree(path):
    for name in os.listdir(path):
        full = os.path.join(path, name)
        if os.path.isdir(full):
            remove_tree(full)
        else:
            os.unlink(full)
    os.rmdir(path)
remove_tree(root)
