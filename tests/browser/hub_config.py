"""A class's JupyterHub on one machine, for the end-to-end hub test (``hubdriver.py``).

No Docker, no Kubernetes, no system users: the hub starts configurable-http-proxy
and one local JupyterLab server per student, each in its own home folder under
the run's scratch folder, from the course's own environment. Ports, paths and
secrets come from ``HUBTEST_*`` variables so that every run is apart from the others.
"""

import os

scratch = os.environ["HUBTEST_DIR"]
venv_bin = os.environ["HUBTEST_VENV_BIN"]
c = get_config()  # noqa: F821 - JupyterHub defines it when it reads this file

# --- the hub, its proxy, and where their state goes ---------------------------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["HUBTEST_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["HUBTEST_HUB_PORT"])
c.JupyterHub.db_url = f"sqlite:///{scratch}/state/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{scratch}/state/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = f"{scratch}/state/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the students' servers
c.ConfigurableHTTPProxy.command = [os.environ["HUBTEST_CHP"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['HUBTEST_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.auth_token = os.environ["HUBTEST_PROXY_TOKEN"]
c.ConfigurableHTTPProxy.pid_file = f"{scratch}/state/proxy.pid"

# --- who may log in: the class, with one shared password ----------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["HUBTEST_PASSWORD"]
c.Authenticator.allowed_users = set(os.environ["HUBTEST_USERS"].split(","))

# the test's own token for the REST API (a server's state, stopping it)
c.JupyterHub.services = [{"name": "hubtest", "api_token": os.environ["HUBTEST_API_TOKEN"]}]
c.JupyterHub.load_roles = [
    {"name": "hubtest", "scopes": ["admin:users", "admin:servers"], "services": ["hubtest"]}
]

# --- each student's JupyterLab: a local process in its own home ---------------
c.JupyterHub.spawner_class = "simple"  # runs as the hub's user, home from the template
c.SimpleLocalProcessSpawner.home_dir_template = f"{scratch}/homes/{{username}}"
c.Spawner.cmd = [f"{venv_bin}/jupyterhub-singleuser"]
c.Spawner.args = [
    "--allow-root",  # CI runs as root; jupyter-server refuses root without it
    "--LabApp.news_url=None",  # offline: no news feed, no update check
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.expose_app_in_browser=True",  # the test drives JupyterLab's commands
]
c.Spawner.default_url = "/lab"
c.Spawner.ip = "127.0.0.1"
c.Spawner.environment = {
    "PATH": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin",  # nbgitpuller runs git
    "JUPYTER_PREFER_ENV_PATH": "1",
    "VIRTLAB_LIVE": "1",
    # course/hub/jupyter: nbgrader's student tools only, the class's exchange
    "JUPYTER_CONFIG_DIR": os.environ["HUBTEST_JUPYTER_CONFIG"],
    # every process of the run carries the marker, so the test can prove none is left
    "HUBTEST_RUN": os.environ["HUBTEST_RUN"],
}
c.Spawner.start_timeout = 90
c.Spawner.http_timeout = 90
