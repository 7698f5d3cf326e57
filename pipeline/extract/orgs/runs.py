"""Maximal runs of capitalized words and the connectors between them: the
stretches of text an organization name may lie in (shape.py judges them)."""
from __future__ import annotations

from pipeline.extract.orgs.words import OrgWords, Token
from pipeline.extract.spacing import wrap_width, wrapped_line

# Connectors that open a line of their own as often as they go on with a name (`the Ministry`, `in Manila`).
LINE_OPENERS = ("the", "in", "to")
MAX_PLACE_WORDS = 3  # words of a place in brackets inside a company's name: `(Hong Kong)`


def comma_inside(words: OrgWords, tokens: list[Token], i: int) -> bool:
    """`Educational, Scientific and Cultural`: a comma inside a name is followed
    by one capitalized word and then another comma or `and`."""
    nxt = tokens[i + 1: i + 3]
    return (
        len(nxt) == 2
        and nxt[0].text[0].isupper()
        and nxt[0].text.lower() not in words.head
        and nxt[1].text in (",", "and")
    )


def company_form_after(words: OrgWords, tokens: list[Token], i: int) -> bool:
    """`Corporate Visions, Inc.`: a comma before a company's legal form is inside its name."""
    return i + 1 < len(tokens) and tokens[i + 1].text.lower() in words.company_forms


def place_before_form(words: OrgWords, tokens: list[Token], i: int) -> int:
    """`Texas Instruments (Philippines) Inc.`: capitalized words in brackets before a
    company's legal form name the country of a subsidiary, inside its name. The index
    just past the legal form, or 0."""
    close = next((j for j in range(i + 1, min(i + 2 + MAX_PLACE_WORDS, len(tokens))) if tokens[j].text == ")"), None)
    if close is None or close == i + 1 or close + 1 >= len(tokens):
        return 0
    inside = tokens[i + 1:close]
    if not all(t.text[0].isupper() for t in inside) or tokens[close + 1].text.lower() not in words.company_forms:
        return 0
    return close + 2


def titled_office(words: OrgWords, tokens: list[Token], i: int) -> bool:
    """`United States Attorney's Office for ...`, `Prime Minister's Office`: an office
    named by its holder's title in the possessive; the possessive is inside the name."""
    return tokens[i].text[:-2].lower() in words.titles and i + 1 < len(tokens) \
        and tokens[i + 1].text[0].isupper() and words.has_head([tokens[i + 1].text])


def connector_goes_on(words: OrgWords, tokens: list[Token], i: int) -> bool:
    """`the International Bank for Reconstruction\nand Development`: a line that opens with a
    lower-case connector and then a capitalized word goes on with the name the line before
    left off, however short that line (split_run parts two names joined so)."""
    return tokens[i].text in words.connector and tokens[i].text not in LINE_OPENERS and i + 1 < len(tokens) \
        and tokens[i + 1].text[0].isupper()


def runs(words: OrgWords, text: str) -> list[list[Token]]:
    """Maximal runs of capitalized words and the connectors between them."""
    tokens = words.tokens(text)[0]
    width = wrap_width(text)
    found, current = [], []
    resume = 0  # the token after a bracketed place taken into a company's name
    for i, tok in enumerate(tokens):
        if i < resume:
            continue
        if not current and not (tok.text[0].isalpha() and words.is_capitalized(tok.text)):
            continue  # outside a run only a capitalized word matters: skip the checks below (a third of the ORG finder's loop)
        if current and tok.text == "(":
            resume = place_before_form(words, tokens, i)
            if resume:
                current += tokens[i:resume]  # `Texas Instruments (Philippines) Inc.`
                continue
        gap = text[current[-1].end:tok.start] if current else ""
        # `Ministry of Planning and\n    Finance`, `Exchange\n     of Information`: a wrapped line goes on
        # past the next line's indent; spaces inside a line are a column gap
        column_gap = "   " in gap.rsplit("\n", 1)[0] if "\n" in gap else "   " in gap
        if current and (column_gap or ("\n" in gap and (gap.count("\n") > 1 or not (
                current[-1].text.lower() in words.connector or wrapped_line(text, current[-1].end, width)
                or connector_goes_on(words, tokens, i))))):
            found.append(current)  # a blank line, a layout gap, or a line that ends its sentence
            current = []
        word = tok.text
        shouting = word.isupper() and bool(current) and current[-1].text.isupper()
        if current and word[0].isupper() and word.lower() in words.lead and not shouting:
            found.append(current)  # `Authority for This Rulemaking`, `... Africa\nAt the Third ...`: an opener starts anew
            current = []
        if word in words.calendar:
            if current:
                found.append(current)
            current = []
            continue
        if word[0].isalpha() and words.is_capitalized(word):
            if word.endswith(("'s", "’s")) and word.lower().replace("’", "'") not in words.possessive_names \
                    and not titled_office(words, tokens, i):
                current.append(Token(tok.start, tok.end - 2, word[:-2]))
                found.append(current)
                current = []
                continue
            current.append(tok)
        elif current and word == "in" and words.has_head([current[-1].text]):
            found.append(current)  # `NEPAD Secretariat in Midrand`: a place, not part of the name
            current = []
        elif current and (word in words.connector or (word == "," and (
                comma_inside(words, tokens, i) or company_form_after(words, tokens, i)))):
            current.append(tok)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found
