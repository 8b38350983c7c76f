"""Ideas: proposing, listing, votes, comments, themes, merging and the counters they keep."""
