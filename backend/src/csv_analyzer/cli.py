"""Command line: `csv-analyzer serve | migrate | create-admin | openapi`."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys

from csv_analyzer.config import get_settings

log = logging.getLogger("csv_analyzer.cli")


def _prepare() -> None:
    """Data directory, migrations and the first admin: everything `serve` needs before starting."""
    from csv_analyzer import migrate
    from csv_analyzer.auth import service
    from csv_analyzer.db import make_engine, make_sessionmaker

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.resolved_storage_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade()
    if settings.first_admin_email and settings.first_admin_password.get_secret_value():
        engine = make_engine(settings.resolved_database_url)
        with make_sessionmaker(engine)() as session:
            service.ensure_admin(
                session,
                email=settings.first_admin_email,
                password=settings.first_admin_password.get_secret_value(),
            )
        engine.dispose()


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from csv_analyzer.observability import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level)
    _prepare()
    host = args.host or settings.host
    port = args.port or settings.port
    log.info("serving on http://%s:%s", host, port)
    uvicorn.run(
        "csv_analyzer.main:create_app",
        factory=True,
        host=host,
        port=port,
        reload=args.reload,
        workers=None if args.reload else args.workers,
        log_config=None,
        access_log=False,
        proxy_headers=False,  # the app applies FORWARDED_ALLOW_IPS itself (see main.py)
    )
    return 0


def cmd_migrate(_args: argparse.Namespace) -> int:
    from csv_analyzer import migrate

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade()
    print("database is at the latest migration")  # noqa: T201
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    from csv_analyzer.auth import service
    from csv_analyzer.db import make_engine, make_sessionmaker
    from csv_analyzer.errors import AppError

    settings = get_settings()
    password = os.environ.get("ADMIN_PASSWORD") or getpass.getpass("Password: ")
    engine = make_engine(settings.resolved_database_url)
    try:
        with make_sessionmaker(engine)() as session:
            user = service.ensure_admin(session, email=args.email, password=password)
    except (AppError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)  # noqa: T201
        return 2
    finally:
        engine.dispose()
    print(f"{user.email} is an administrator")  # noqa: T201
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from pathlib import Path

    from csv_analyzer.openapi import render

    Path(args.out).write_text(render())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="csv-analyzer")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="migrate, then serve the API and the web app")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--reload", action="store_true")
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    admin = sub.add_parser("create-admin", help="create or promote an administrator")
    admin.add_argument("email")
    admin.set_defaults(func=cmd_create_admin)
    spec = sub.add_parser("openapi", help="write the OpenAPI document")
    spec.add_argument("out")
    spec.set_defaults(func=cmd_openapi)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
