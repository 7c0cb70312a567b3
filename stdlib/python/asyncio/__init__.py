# asyncio: gilpy's asyncio package, CPython 3.11's API on a native event loop (the
# `_asyncio` module: the loop core, Handle, Future and Task, DESIGN decision 7). The
# submodules are imported in dependency order; their names make up asyncio.__all__.

import sys

from asyncio import exceptions
from asyncio import coroutines
from asyncio import events
from asyncio import futures
from asyncio import mixins
from asyncio import locks
from asyncio import tasks
from asyncio import queues
from asyncio import protocols
from asyncio import transports
from asyncio import base_events
from asyncio import selector_events
from asyncio import streams
from asyncio import timeouts
from asyncio import taskgroups
from asyncio import runners
from asyncio import threads
from asyncio import unix_events

from asyncio.base_events import *
from asyncio.coroutines import *
from asyncio.events import *
from asyncio.exceptions import *
from asyncio.futures import *
from asyncio.locks import *
from asyncio.protocols import *
from asyncio.queues import *
from asyncio.runners import *
from asyncio.streams import *
from asyncio.taskgroups import *
from asyncio.tasks import *
from asyncio.threads import *
from asyncio.timeouts import *
from asyncio.transports import *
from asyncio.unix_events import *

__all__ = (base_events.__all__ +
           coroutines.__all__ +
           events.__all__ +
           exceptions.__all__ +
           futures.__all__ +
           locks.__all__ +
           protocols.__all__ +
           queues.__all__ +
           runners.__all__ +
           streams.__all__ +
           taskgroups.__all__ +
           tasks.__all__ +
           threads.__all__ +
           timeouts.__all__ +
           transports.__all__ +
           unix_events.__all__)
