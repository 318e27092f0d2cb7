"""`sendadvisor letter CASE.json -o OUT.pdf [--large-print]`: the family's summary letter."""


def register(sub):  # placeholder until the letters package lands
    pass
