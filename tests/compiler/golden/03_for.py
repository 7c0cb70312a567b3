for i in range(10):
    if i % 2:
        continue
    print(i)
else:
    print("done")
for k, v in d.items():
    if v:
        break
