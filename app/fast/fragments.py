"""Pieces of pages rendered once for every page that shows them.

A list page is mostly its idea cards (a profile of an uncached /ideas put seven tenths
of its CPU in them), and the same card is on many pages: every sort and filter of the
list, the landing page, the next page after a vote moved the list. `FragmentMemo`
keeps a fragment under a key made of every value it shows, so a stored fragment can
never be out of date: a changed title, count or status is another key, and the old
entry ages out (least recently used first). Nothing is invalidated, and nothing has to
be, which is what lets a page render again cheaply after a write.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

MAX_FRAGMENTS = 10_000  # a card is about 2 KB with its key: some 20 MB at most
T = TypeVar("T")


class FragmentMemo:
    """At most `size` rendered fragments by key, shared by the app's threads."""

    def __init__(self, size: int = MAX_FRAGMENTS) -> None:
        self.size = size
        self.fragments: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()
        self.renders = 0  # fragments rendered (for tests)

    def get(self, key: Hashable, render: Callable[[], T]) -> T:
        with self.lock:
            found = self.fragments.get(key)
            if found is not None:
                self.fragments.move_to_end(key)
                return found
        # Rendered outside the lock: two threads may both render a new key, and both
        # get the same text.
        rendered = render()
        with self.lock:
            self.renders += 1
            self.fragments[key] = rendered
            while len(self.fragments) > self.size:
                self.fragments.popitem(last=False)
        return rendered
