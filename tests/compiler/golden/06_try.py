def f():
    try:
        g()
    except ValueError as e:
        print(e)
    except (TypeError, KeyError):
        pass
    except:
        raise
    else:
        h()
    finally:
        cleanup()

def g():
    for x in y:
        try:
            return x
        finally:
            print("fin")

def h():
    raise ValueError("bad") from None
