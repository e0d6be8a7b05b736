"""JupyterHub configuration for the workbench on one office server (read by `python -m workbench hub`).

Who is who comes from WORKBENCH_HUB_DIR/accounts.toml (see accounts.example.toml):
- secretaries log in and get their own JupyterLab (Chinese) with the editor notebook open,
  WORKBENCH_USER set to their name, writing to the shared PostgreSQL (WORKBENCH_DB_URL);
- leaders log in and see the dashboard, a hub service connecting as the read-only role
  (WORKBENCH_DASHBOARD_DB_URL); they hold no right to start or reach a notebook server;
- admins see the hub's admin page.
Logins: NativeAuthenticator (passwords as bcrypt hashes in the hub's database, set by the
administrator with `python -m workbench hub password`; self sign-up is off).

The internal ports (hub API, proxy API, dashboard) and the dashboard's API token are chosen by
`workbench.apps.hub.launch` and handed over in WORKBENCH_HUB_INTERNAL_PORTS and
WORKBENCH_HUB_DASHBOARD_TOKEN; the public address comes on the command line.
"""
import os
import sys
from pathlib import Path

import nativeauthenticator

from workbench.base import config as workbench_config
from workbench.apps.hub import accounts as hub_accounts

c = get_config()  # noqa: F821 (provided by JupyterHub when it reads this file)

people = hub_accounts.load()
hub_dir = workbench_config.hub_dir()
hub_port, proxy_api_port, dashboard_port = (
    int(p) for p in os.environ.get("WORKBENCH_HUB_INTERNAL_PORTS", "8081,8001,8082").split(","))
DASHBOARD = "dashboard"
dashboard_url = f"/services/{DASHBOARD}/"

# ---------------------------------------------------------------- where the hub keeps its state
c.JupyterHub.db_url = f"sqlite:///{hub_dir / hub_accounts.HUB_DATABASE}"
c.JupyterHub.cookie_secret_file = str(hub_dir / "jupyterhub_cookie_secret")
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = str(hub_dir / "jupyterhub-proxy.pid")

# ---------------------------------------------------------------- logins
c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
c.NativeAuthenticator.enable_signup = False        # the administrator creates every account
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.minimum_password_length = hub_accounts.MIN_PASSWORD
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 600
c.Authenticator.allowed_users = people.everyone
c.Authenticator.admin_users = set(people.admins)
# Chinese pages first, NativeAuthenticator's (for pages we do not replace) after them.
c.JupyterHub.template_paths = [str(Path(__file__).resolve().parent / "templates"),
                               str(Path(nativeauthenticator.__file__).resolve().parent / "templates")]
c.JupyterHub.template_vars = {"secretaries": sorted(people.secretaries), "dashboard_url": dashboard_url}

# ---------------------------------------------------------------- who may do what
c.JupyterHub.load_groups = {
    "secretaries": {"users": sorted(people.secretaries)},
    "leaders": {"users": sorted(people.leaders)},
}
c.JupyterHub.load_roles = [
    # Every account: see itself and the dashboard, nothing more. The default "user" role would
    # let anyone start a notebook server, which for a leader means running code.
    {"name": "user", "scopes": ["read:users:name!user", "read:users:groups!user",
                                f"access:services!service={DASHBOARD}"]},
    # Secretaries: their own server (start, stop, use) as JupyterHub's default users have.
    {"name": "secretary", "scopes": ["self"], "groups": ["secretaries"]},
]

# ---------------------------------------------------------------- secretaries' JupyterLab
c.JupyterHub.spawner_class = "workbench.apps.hub.spawner.EditorSpawner"
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab/tree/prepare_packet.ipynb"
if os.geteuid() == 0:
    # jupyter_server refuses to run as root unless told; better run the hub under its own account (deploy/README.md).
    c.Spawner.args = ["--allow-root"]
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180


def landing(handler):
    """Secretaries go straight to the editor; everyone else to the dashboard."""
    user = handler.current_user
    if user is not None and user.name in people.secretaries:
        return handler.hub.base_url + "spawn"
    return dashboard_url


c.JupyterHub.default_url = landing

# ---------------------------------------------------------------- leaders' dashboard
# Started beside the hub by `workbench hub` (so a slow start never stops the hub), reached through
# the same proxy at /services/dashboard/ and admitted only with a hub login holding the access scope.
c.JupyterHub.services = [{
    "name": DASHBOARD,
    "display": True,
    "url": f"http://127.0.0.1:{dashboard_port}",
    "api_token": os.environ["WORKBENCH_HUB_DASHBOARD_TOKEN"],
    "oauth_no_confirm": True,
}]
