"""Module docstring."""
import os
import os.path as osp
from collections import OrderedDict as OD, deque
from . import sibling
from math import *
counter = 0
def bump():
    global counter
    counter += 1
assert counter >= 0, "negative"
assert ok
[*a, *b]
{**d1, "k": 1, **d2}
{*s1, 1}
(x := 10)
