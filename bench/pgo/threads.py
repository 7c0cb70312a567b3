# PGO training: threads contending for the GIL, locks, conditions and queues.
import queue
import threading


def main():
    lock = threading.Lock()
    counter = [0]

    def work(n):
        for _ in range(n):
            with lock:
                counter[0] += 1

    threads = [threading.Thread(target=work, args=(20000,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    q = queue.Queue(maxsize=64)
    done = []

    def producer():
        for i in range(5000):
            q.put(i)
        q.put(None)

    def consumer():
        total = 0
        while True:
            item = q.get()
            if item is None:
                break
            total += item
        done.append(total)

    pc = [threading.Thread(target=producer), threading.Thread(target=consumer)]
    for t in pc:
        t.start()
    for t in pc:
        t.join()
    print(counter[0], done)


main()
