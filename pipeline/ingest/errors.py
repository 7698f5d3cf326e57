"""One error type for every document that cannot be read: a cause and a hint."""


class DocumentError(Exception):
    def __init__(self, cause: str, hint: str):
        super().__init__(cause)
        self.cause = cause
        self.hint = hint
