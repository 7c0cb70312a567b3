if a and b or not c:
    x = 1
elif a < b < c:
    x = 2
else:
    x = 3
while n > 0:
    n -= 1
    if n == 5:
        continue
    if n is None:
        break
else:
    done = True
while True:
    pass
