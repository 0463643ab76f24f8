import sys

import click

from rentctl.app import app
from rentctl.errors import CliError
from rentctl.render import errors


def main() -> None:
    try:
        result = app(standalone_mode=False)
    except CliError as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        errors.print("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(result if isinstance(result, int) else 0)


if __name__ == "__main__":
    main()
