from shared.auth.principal import Principal, Role
from shared.auth.tokens import TokenError, TokenVerifier

__all__ = ["Principal", "Role", "TokenError", "TokenVerifier"]
