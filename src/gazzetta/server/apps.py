from django.apps import AppConfig


class ServerConfig(AppConfig):
    name = "gazzetta.server"
    verbose_name = "Server"

    def ready(self) -> None:
        from gazzetta.server import pagecache

        pagecache.connect_receivers()
