"""nbgrader for every student of the class: where assignments are released and submitted.

The hub's image installs this folder as its Jupyter configuration (course/hub/Dockerfile).
The exchange is a folder every student's server mounts (a shared volume on Kubernetes,
see docs/grading.md); each course keeps its own folder in it, so the English and the
Korean edition (courses virtlab-en and virtlab-ko) can share one exchange.
"""

c = get_config()  # noqa: F821 - nbgrader defines it when it reads this file
c.Exchange.root = "/srv/nbgrader/exchange"
c.Exchange.path_includes_course = True
