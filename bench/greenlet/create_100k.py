# Create 100,000 greenlets, switch into each once; each returns at once.
from greenlet import greenlet

total = 0
for i in range(100_000):
    total += greenlet(lambda x: x + 1).switch(i)
print(total)
