from summit.api.models.token import ApiToken

__all__ = ["ApiToken"]
