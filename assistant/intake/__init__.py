"""The owner's words as snapshot changes (pure): amounts, the lexicon, reading a message, absorbing it.

Both engines and the LLM agent's `update_snapshot` tool read owners' messages through here.
"""
