"""Errors of the scheduling domain that callers (views, the lounge) turn into messages."""


class ScheduleConflict(Exception):  # noqa: N818 -- the name is the shared interface (lounge)
    """A change to the published schedule was refused; nothing was written.

    ``problems`` are complete, translated sentences in people's words (names of persons,
    organizations, tables and times, never engine ids), one per reason, ready to be shown.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))
