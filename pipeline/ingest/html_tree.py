"""Walks over a parsed page's tree (selectolax's lexbor nodes), as loops,
never recursion: a page may nest elements thousands deep."""
from __future__ import annotations

TEXT = "-text"  # lexbor's tag of a text node; comments and doctypes start with `-` too


def children(node):
    """`node`'s children in order: elements, text, comments."""
    child = node.child
    while child is not None:
        yield child
        child = child.next


def child_elements(node):
    """`node`'s children that are elements."""
    return (child for child in children(node) if not child.tag.startswith("-"))


def elements(node):
    """`node` and every element in it, in document order."""
    yield node
    pending = [node.child] if node.child is not None else []
    while pending:
        current = pending.pop()
        if current.next is not None:
            pending.append(current.next)
        if not current.tag.startswith("-"):
            yield current
            if current.child is not None:
                pending.append(current.child)
