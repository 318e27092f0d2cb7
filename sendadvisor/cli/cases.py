"""`sendadvisor cases add | list | export`: the encrypted case file from the command line."""


def register(sub):  # placeholder until the storage package lands
    pass
