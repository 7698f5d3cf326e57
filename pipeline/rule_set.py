"""A list of rule regexes found together, as each one's own `finditer` finds them.

The date and amount rules all open with the same look-behinds (their edge,
`(?<![\\w.,])`). A rule whose body `re` can skip ahead to by itself is scanned
alone (`scan.finditer`); each other one is tried by `re` at every character of
the text, so that a text cost it its full length once per rule. Those are
scanned together: one regex, the edge and then the rules as alternatives (each
behind a look-ahead for the characters it can start with), finds every place
where one of them may match, and each rule is tried only there."""
from __future__ import annotations

import re

from pipeline import scan

# A named group, a reference to one, or a test of one: renamed apart in the joint regex.
_GROUP_NAME = re.compile(r"\(\?(P<|P=|\()([A-Za-z_]\w*)")
# A group referred to by number cannot keep its number in the joint regex.
_NUMBERED = re.compile(r"\\[1-9]|\(\?\(\d")
# The joint regex is compiled without flags: a rule compiled with its own is scanned alone.
_PLAIN = re.compile("").flags


class RuleSet:
    def __init__(self, regexes: list[re.Pattern], edge: str):
        """`edge`: the look-behinds the rules open with, as written in their patterns."""
        self.regexes = list(regexes)
        scan.prepare(self.regexes)
        self.together = [i for i, rx in enumerate(self.regexes) if rx.pattern.startswith(edge)
                         and scan.body_of(rx) is None and scan.first_chars(rx) is not None
                         and not _NUMBERED.search(rx.pattern) and rx.flags == _PLAIN]
        self.starts = joint(edge, [self.regexes[i] for i in self.together])
        if self.starts is None:
            self.together = []
        self.alone = [i for i in range(len(self.regexes)) if i not in self.together]

    def matches(self, text: str) -> list[list[re.Match]]:
        """Each rule's matches, in the order of the rules: those of its `finditer(text)`."""
        found: list[list[re.Match]] = [[] for _ in self.regexes]
        for i in self.alone:
            found[i] = list(scan.finditer(self.regexes[i], text))
        live = [(found[i], self.regexes[i].match) for i in self.together if scan.may_match(self.regexes[i], text)]
        if not live:
            return found
        free = [0] * len(live)  # where each rule's next match may start: past its last one
        search, pos = self.starts.search, 0
        while (at := search(text, pos)) is not None:
            pos = at.start()
            for k, (matches, match) in enumerate(live):
                if pos >= free[k] and (m := match(text, pos)) is not None:
                    matches.append(m)
                    free[k] = m.end()  # never empty: first_chars is None for a rule that can match nothing
            pos += 1
        return found


def joint(edge: str, regexes: list[re.Pattern]) -> re.Pattern | None:
    """One regex that matches wherever one of `regexes` does (each opening with
    `edge`), and maybe elsewhere; None for none, or where their joint pattern
    does not compile."""
    if not regexes:
        return None
    alternatives = []
    for rank, rx in enumerate(regexes):
        rest = _GROUP_NAME.sub(lambda m: f"(?{m.group(1)}r{rank}_{m.group(2)}", rx.pattern[len(edge):])
        alternatives.append(f"(?={scan.first_chars(rx).pattern}){rest}")
    try:
        starts = re.compile(edge + "(?:" + "|".join(alternatives) + ")")
    except re.error:
        return None
    return starts if starts.groups == sum(rx.groups for rx in regexes) else None
