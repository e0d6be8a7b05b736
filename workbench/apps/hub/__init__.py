"""The multi-user setup on one office server: JupyterHub in front, the shared PostgreSQL behind.

`accounts` reads the office's list of secretaries, leaders and administrators and sets
passwords for NativeAuthenticator; `prerequisites` checks what a server needs before
the hub starts; `spawner` starts a secretary's JupyterLab with the editor ready and
WORKBENCH_USER set from the login; `dashboard_auth` lets the leaders' dashboard
(standalone voila, a hub service) accept the hub's logins; `launch` runs the hub with
`deploy/jupyterhub_config.py`.
"""
