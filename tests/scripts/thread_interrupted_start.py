# SIGINT while the main thread waits inside Thread.start(): KeyboardInterrupt out of
# start(), and at exit the interpreter waits for the thread, which did start, without
# a second error; the process dies of SIGINT as CPython's does.
import _thread, threading, time

class SlowStart(threading.Thread):
    def _set_native_id(self):
        super()._set_native_id()
        _thread.interrupt_main()   # SIGINT while the main thread waits in start()
        time.sleep(0.2)

def work():
    print("the thread ran")

t = SlowStart(target=work)
t.start()
print("not reached")
