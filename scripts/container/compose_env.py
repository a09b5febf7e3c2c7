#!/usr/bin/python3
"""Turns compose.yaml into what compose.sh needs to run the same thing with podman.

  compose_env.py COMPOSE_FILE SECRETS_DIR VOLUME_PREFIX run SERVICE
      prints the `podman run` options that compose would give SERVICE, NUL-separated:
      -e for each environment entry, read_only, tmpfs, user, named volumes (prefixed),
      and each of its secrets mounted read-only at /run/secrets/<name> from SECRETS_DIR
      (the secret's `file:` with its directory replaced by SECRETS_DIR).
  compose_env.py COMPOSE_FILE SECRETS_DIR VOLUME_PREFIX healthchecks SERVICE
      prints, one per line, "NAME<TAB>shell command" for the health check of every service
      SERVICE waits for with `condition: service_healthy`, /run/secrets/ paths mapped to
      SECRETS_DIR.

Needs Debian's python3-yaml. Fails loudly on anything it does not translate, so that
compose.sh never runs something other than what the file says.
"""

import os
import shlex
import sys

import yaml


def die(message):
    sys.exit(f"compose_env.py: {message}")


def unescape(value):
    """Compose's own interpolation: only literal text and `$$` are used in compose.yaml."""
    text = str(value)
    if "${" in text.replace("$${", "") or ("$" in text.replace("$$", "") and "$(" not in text):
        die(f"variable interpolation is not translated: {text!r}")
    return text.replace("$$", "$")


def secret_files(compose, secrets_dir):
    files = {}
    for name, secret in (compose.get("secrets") or {}).items():
        if "file" not in secret:
            die(f"secret {name} is not file-based")
        files[name] = os.path.join(secrets_dir, os.path.basename(secret["file"]))
    return files


def run_options(compose, service, secrets_dir, prefix):
    spec = compose["services"][service]
    known = {"build", "image", "restart", "read_only", "tmpfs", "user", "environment", "secrets",
             "volumes", "ports", "depends_on", "stop_grace_period", "networks", "healthcheck"}
    unknown = set(spec) - known
    if unknown:
        die(f"service {service} uses keys this translation does not know: {sorted(unknown)}")
    options = []
    environment = spec.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    for key, value in environment.items():
        options += ["-e", f"{key}={unescape(value)}"]
    if spec.get("read_only"):
        options.append("--read-only")
    tmpfs = spec.get("tmpfs") or []
    for path in [tmpfs] if isinstance(tmpfs, str) else tmpfs:
        options += ["--tmpfs", path]
    if "user" in spec:
        options += ["--user", str(spec["user"])]
    for volume in spec.get("volumes") or []:
        source, target = volume.split(":", 1)
        if source.startswith((".", "/")):
            die(f"bind mount {volume} is not translated")
        options += ["-v", f"{prefix}-{source}:{target}"]
    files = secret_files(compose, secrets_dir)
    for secret in spec.get("secrets") or []:
        name = secret if isinstance(secret, str) else secret["source"]
        options += ["-v", f"{files[name]}:/run/secrets/{name}:ro"]
    return options


def healthchecks(compose, service, secrets_dir):
    files = secret_files(compose, secrets_dir)
    lines = []
    for dependency, condition in (compose["services"][service].get("depends_on") or {}).items():
        if condition.get("condition") != "service_healthy":
            continue
        test = compose["services"][dependency]["healthcheck"]["test"]
        if test[0] == "CMD":
            command = shlex.join(unescape(part) for part in test[1:])
        elif test[0] == "CMD-SHELL":
            command = unescape(test[1])
        else:
            die(f"health check of {dependency} is neither CMD nor CMD-SHELL")
        for name, path in files.items():
            command = command.replace(f"/run/secrets/{name}", path)
        lines.append(f"{dependency}\t{command}")
    return lines


def main():
    if len(sys.argv) != 6:
        die(__doc__)
    compose_file, secrets_dir, prefix, what, service = sys.argv[1:]
    with open(compose_file, encoding="utf-8") as handle:
        compose = yaml.safe_load(handle)
    if service not in compose.get("services", {}):
        die(f"no service {service}")
    if what == "run":
        sys.stdout.write("\0".join(run_options(compose, service, secrets_dir, prefix)) + "\0")
    elif what == "healthchecks":
        print("\n".join(healthchecks(compose, service, secrets_dir)))
    else:
        die(f"unknown request {what}")


if __name__ == "__main__":
    main()
