"""重点任务督查督办: key-task supervision for municipal supervision offices."""

__version__ = "0.1.0"
