"""Letting the leaders' dashboard (standalone voila, run as a hub service) accept the hub's logins.

JupyterHub ships this for jupyter_server applications as `JupyterHubIdentityProvider`:
it sends a visitor without a hub login to the hub's login page (OAuth), and lets in
only users holding the service's access scope (`access:services!service=dashboard`,
which `deploy/jupyterhub_config.py` gives to leaders and secretaries). Standalone voila
takes an identity provider like jupyter_server does, but registers the provider's own
routes (`/oauth_callback`, `/logout`) without its base URL; this subclass prefixes them
with the service's path under the hub (`/services/dashboard/`).
"""

from __future__ import annotations

from jupyter_server.utils import url_path_join
from jupyterhub.singleuser.extension import JupyterHubIdentityProvider


class HubDashboardIdentityProvider(JupyterHubIdentityProvider):
    def __init__(self, **kwargs):
        # Voila hands every provider its own token setting; here the hub's API token is the token.
        kwargs.pop("token", None)
        super().__init__(**kwargs)

    def get_handlers(self):
        base = getattr(self.parent, "base_url", "/") or "/"
        return [(url_path_join(base, path), *rest) for path, *rest in super().get_handlers()]
