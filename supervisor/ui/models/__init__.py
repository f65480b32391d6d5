"""Item models and filter proxies over plain service data; they import no other ui part."""
