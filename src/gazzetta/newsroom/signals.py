"""Events the newsroom announces; search, relate and the page cache subscribe to them.

Senders fire them after the transaction commits (`transaction.on_commit`), so a receiver
never sees an article that a rollback later takes back. Receivers only hand the work to
a named task (run in-process on the embedded default, by workers at scale).
"""

from django.dispatch import Signal

# kwargs: article_id (int), change ("created", "updated", "withdrawn", "deleted")
article_changed = Signal()
