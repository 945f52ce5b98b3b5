from django.apps import AppConfig


class ServerConfig(AppConfig):
    name = "gazzetta.server"
    verbose_name = "Server"
