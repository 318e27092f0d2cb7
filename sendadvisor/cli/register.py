"""`sendadvisor register init | add-service | add-adviser`: set up a service register in an
existing PostgreSQL database (run by whoever looks after the database, not by advisers).

The password comes from PGPASSWORD or ~/.pgpass, as libpq reads them, never from the command
line. Unreachable or refused: one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "register", help=_("set up the service register (PostgreSQL) that advisers sync with")
    )
    commands = parser.add_subparsers(
        dest="register_command", metavar="COMMAND", required=True, parser_class=type(parser)
    )
    init = commands.add_parser(
        "init", help=_("create or upgrade the register's tables, roles and row-level security")
    )
    init.set_defaults(handler=run_init)
    service = commands.add_parser("add-service", help=_("add a service (or rename one)"))
    service.add_argument("service_id", metavar="ID", help="e.g. dorset-sendiass")
    service.add_argument(
        "--name", required=True, help=_("the service's name, e.g. 'Dorset SENDIASS'")
    )
    service.set_defaults(handler=run_add_service)
    adviser = commands.add_parser(
        "add-adviser",
        help=_(
            "let a database role sync as an adviser of one service (the role is created, "
            "without a password, if it does not exist)"
        ),
    )
    adviser.add_argument(
        "role", metavar="ROLE", help=_("the adviser's database role, e.g. alex_smith")
    )
    adviser.add_argument("--service", required=True, metavar="ID")
    adviser.set_defaults(handler=run_add_adviser)
    for command in (init, service, adviser):
        server_option(command)


def server_option(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument(
        "--server",
        metavar="DSN",
        required=required,
        help=_(
            "the register: a libpq connection string or URI, without a password "
            "(e.g. 'host=db.example.org dbname=register user=alex_smith')"
        ),
    )


def run_init(args: argparse.Namespace) -> int:
    from sendadvisor.register import admin, server

    with register_errors():
        result = admin.init(args.server)
    where = server.describe(args.server)
    if result.applied:
        print(
            _("register at {where} ready: applied {steps}").format(
                where=where, steps=", ".join(result.applied)
            )
        )
    else:
        print(
            _("register at {where} already up to date ({step})").format(
                where=where, step=result.known[-1]
            )
        )
    return 0


def run_add_service(args: argparse.Namespace) -> int:
    from sendadvisor.register import admin

    with register_errors():
        admin.add_service(args.server, args.service_id, args.name)
    print(_("service {service} ready").format(service=args.service_id))
    return 0


def run_add_adviser(args: argparse.Namespace) -> int:
    from sendadvisor.register import admin

    with register_errors():
        created = admin.add_adviser(args.server, args.role, args.service)
    if created:
        print(
            _(
                "role {role} created and added to {service}; give it a password with psql's "
                "\\password {role} (or the server's own login method)"
            ).format(role=args.role, service=args.service)
        )
    else:
        print(
            _("role {role} is an adviser of {service}").format(role=args.role, service=args.service)
        )
    return 0


@contextlib.contextmanager
def register_errors() -> Iterator[None]:
    """Turn a RegisterError into the command line's one line and exit status 2."""
    from sendadvisor.register.errors import RegisterError

    try:
        yield
    except RegisterError as error:
        raise InputError("", error.message) from None
