import sys

from rentctl.app import app
from rentctl.errors import CliError
from rentctl.render import errors


def main() -> None:
    try:
        result = app(standalone_mode=False)
    except CliError as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)
    except Exception as exc:
        # Usage errors (bad option values) come from the click that typer bundles: show them
        # the way click does, without a traceback.
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            exc.show()
            sys.exit(exc.exit_code)
        if type(exc).__name__ == "Abort":
            errors.print("aborted")
            sys.exit(130)
        raise
    sys.exit(result if isinstance(result, int) else 0)


if __name__ == "__main__":
    main()
