class Base:
    "A base class."
    count: int = 0
    def __init__(self, name):
        self.__name = name

class Child(Base, metaclass=Meta):
    def __init__(self):
        super().__init__("c")

    @property
    def name(self):
        return self._Base__name
