"""The service register: a PostgreSQL database shared by a service's advisers, and the two-way
sync of each laptop's case file with it. The only package that imports psycopg.

`admin` sets a register up (`register init`, services, advisers), `sync` moves records both
ways, `merge` decides conflicts, `server` connects (TLS rules, no password on a command line).
"""
