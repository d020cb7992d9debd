"""The core: value types and vocabularies every layer shares, and nothing else.

The report and assessment contracts (`report`, `assessment`), the journal's and the check's value lists, one
table each (`vocabulary`), the reference figures' names (`constants`), the facts a condition may read
(`facts`), amounts and their units with one converter (`units`), strict JSON (`jsonin`), the limits on input
(`limits`) and the errors that name a field (`errors`). It imports nothing else of twitchcheck.
"""
