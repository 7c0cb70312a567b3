# A producer and a consumer that switch to each other directly: the producer hands each
# item to the consumer with switch(item); the consumer switches back with its answer.
# No queue, no scheduler: a switch is a call that returns when the other side switches.
from greenlet import greenlet


def producer(lines):
    for line in lines:
        word_count = consumer.switch(line)  # hand the line over; get its count back
        print(f"producer: {line!r} had {word_count} words")
    return consumer.switch(None)  # end of input: the consumer's total comes back


def consumer(line):  # started by the producer's first switch, with the first line
    total = 0
    while line is not None:
        words = len(line.split())
        total += words
        print(f"consumer: got {line!r}")
        line = producer_g.switch(words)
    print("consumer: total", total, "words")
    return total  # to its parent, the producer, whose last switch returns it


text = ["the quick brown fox", "jumps over", "the lazy dog", ""]
producer_g = greenlet(producer)
consumer = greenlet(consumer, parent=producer_g)
print("main got", producer_g.switch(text))
print("consumer dead:", consumer.dead, "producer dead:", producer_g.dead)
