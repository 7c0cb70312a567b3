def f():
    try:
        g()
    except* ValueError as e:
        print(e)
    except* (TypeError, KeyError):
        pass
    else:
        h()

def g():
    try:
        work()
    except* OSError:
        raise
    finally:
        cleanup()
